package com.customertimeline.app.projectionstore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An {@link H2Database} whose unique-index maps use {@link IndexKeyType} and whose document maps use
 * {@link BsonDocumentType}. The library opens its maps with {@code MVStore.openMap(name)}, which returns
 * the map already open under that name; so this class opens each map first, with its type, and lets the
 * library build on it, also for the maps the library opens from inside its constructor.
 */
final class IndexedH2Database extends H2Database {

    private static final String DATA_MAP_PREFIX = "databases.";

    /** The prefix of the library's per-collection metadata maps (H2Database#openOrCreateCollection). */
    private static final String META_MAP_PREFIX = "meta.";

    /**
     * The store while a database is being constructed: the library opens (and for a new database,
     * creates) collections and indexes from inside its constructor, before this class's fields are set.
     */
    private static final ThreadLocal<MVStore> CONSTRUCTING = new ThreadLocal<>();

    private final MVStore store;

    private IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
    }

    static IndexedH2Database open(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        CONSTRUCTING.set(store);
        try {
            return new IndexedH2Database(databaseName, store, cursorRegistry);
        } finally {
            CONSTRUCTING.remove();
        }
    }

    private MVStore store() {
        return store != null ? store : CONSTRUCTING.get();
    }

    /** The MVStore map name the library uses for an index (H2Database#mapNameForIndex). */
    static String indexMapName(String fullCollectionNamespace, String indexName) {
        return fullCollectionNamespace + "._index_" + indexName;
    }

    static boolean isIndexMap(String mapName) {
        return mapName.contains("._index_");
    }

    /** The MVStore map name the library uses for a collection's documents (H2Database#openOrCreateCollection). */
    static String dataMapName(String fullCollectionNamespace) {
        return DATA_MAP_PREFIX + fullCollectionNamespace;
    }

    static boolean isDataMap(String mapName) {
        return mapName.startsWith(DATA_MAP_PREFIX);
    }

    static MVMap<Object, Document> openDataMap(MVStore store, String mapName) {
        MVMap<Object, Document> map =
                store.openMap(mapName, new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
        if (!(map.getValueType() instanceof BsonDocumentType)) {
            throw new IllegalStateException("document map " + mapName + " is already open with value type "
                    + map.getValueType().getClass().getName() + "; the embedded projection store cannot use it");
        }
        return map;
    }

    static MVMap<Object, Object> openIndexMap(MVStore store, String mapName) {
        MVMap<Object, Object> map =
                store.openMap(mapName, new MVMap.Builder<Object, Object>().keyType(new IndexKeyType()));
        if (!(map.getKeyType() instanceof IndexKeyType)) {
            throw new IllegalStateException("index map " + mapName + " is already open with key type "
                    + map.getKeyType().getClass().getName() + "; the embedded projection store cannot use it");
        }
        return map;
    }

    /**
     * Opens the collection as the library does (same maps, same names), but as a collection that does not
     * keep a running data size: the library computes it by BSON-encoding the old and the new document on
     * every insert, replace and delete, which was a tenth of the CPU of a projection replay. The read
     * side never asks for collection statistics.
     */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = openDataMap(store(), dataMapName(namespace));
        MVMap<String, Object> metaMap = store().openMap(META_MAP_PREFIX + namespace);
        return new UntrackedSizeCollection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    /** An {@link H2Collection} without the per-write data-size bookkeeping. */
    private static final class UntrackedSizeCollection extends H2Collection {

        UntrackedSizeCollection(
                H2Database database,
                String collectionName,
                CollectionOptions options,
                MVMap<Object, Document> dataMap,
                MVMap<String, Object> metaMap,
                CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        openIndexMap(store(), indexMapName(getFullCollectionNamespace(collectionName), indexName));
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
}
