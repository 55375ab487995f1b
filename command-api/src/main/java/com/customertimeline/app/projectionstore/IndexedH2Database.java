package com.customertimeline.app.projectionstore;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An {@link H2Database} whose unique-index maps use {@link IndexKeyType}. The library opens an index map
 * with {@code MVStore.openMap(name)}, which returns the map already open under that name; so this class
 * opens it first, with the key type, and lets the library build the index on it. Index maps that exist
 * when the database opens are opened the same way by {@link IndexedH2Backend} before this constructor
 * runs (the library opens them from inside its constructor).
 */
final class IndexedH2Database extends H2Database {

    private final MVStore store;

    IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
    }

    /** The MVStore map name the library uses for an index (H2Database#mapNameForIndex). */
    static String indexMapName(String fullCollectionNamespace, String indexName) {
        return fullCollectionNamespace + "._index_" + indexName;
    }

    static boolean isIndexMap(String mapName) {
        return mapName.contains("._index_");
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

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        // null while the superclass constructor opens existing indexes: those maps were opened by
        // IndexedH2Backend already
        if (store != null) {
            openIndexMap(store, indexMapName(getFullCollectionNamespace(collectionName), indexName));
        }
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
}
