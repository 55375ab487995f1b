package com.customertimeline.readmodel.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An {@link H2Database} whose unique-index maps use {@link IndexKeyType} and whose document maps use
 * {@link StoredDocumentType}. The library opens its maps with {@code MVStore.openMap(name)}, which returns
 * the map already open under that name; so this class opens each map first, with its type, and lets the
 * library build on it, also for the maps the library opens from inside its constructor.
 */
final class IndexedH2Database extends H2Database {

    private static final String DATA_MAP_PREFIX = "databases.";

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

    static MVMap<Object, StoredDocument> openDataMap(MVStore store, String mapName) {
        MVMap<Object, StoredDocument> map =
                store.openMap(mapName, new MVMap.Builder<Object, StoredDocument>().valueType(new StoredDocumentType()));
        if (!(map.getValueType() instanceof StoredDocumentType)) {
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
     * Opens the collection on the map the library would use, as a {@link StoredDocumentCollection}: the
     * library's collection class with documents kept as BSON bytes.
     */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        MVMap<Object, StoredDocument> dataMap =
                openDataMap(store(), dataMapName(getFullCollectionNamespace(collectionName)));
        return new StoredDocumentCollection(this, collectionName, options, dataMap, cursorRegistry);
    }

    /**
     * The library keeps no secondary index (it answers such queries by scanning), but it still registers
     * a placeholder for each one a projection asks for, and registering an index that reports itself
     * empty makes it read every document of the collection twice, to fill an index that takes nothing.
     * The projections ask for their indexes at every start, so with 1,000,000 timeline entries the
     * start-up spent about 25 s decoding documents (measured after a kill -9, issue 16). The placeholder
     * here says it is not empty, so it is registered without the scans; it still takes nothing.
     */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new EmptyIndex<>(indexName, keys) {
            @Override
            public boolean isEmpty() {
                return false;
            }
        };
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        openIndexMap(store(), indexMapName(getFullCollectionNamespace(collectionName), indexName));
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
}
