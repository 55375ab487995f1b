package com.customertimeline.readmodel.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded default's projection store: mongo-java-server's H2 backend on one MVStore file, with
 * changes that the read-side benchmark showed to matter (docs/benchmarks.md, ADR 0007):
 *
 * <ul>
 *   <li>index keys are compared by value ({@link IndexKeyType}) instead of by serializing them on every
 *       comparison;
 *   <li>documents are stored as BSON bytes ({@link StoredDocument}) instead of as Java-serialized objects,
 *       and stay bytes in the page cache;
 *   <li>a page cache sized for a read model of millions of timeline entries instead of MVStore's 16 MB
 *       default, so the B-tree pages projections touch stay deserialized in memory.
 * </ul>
 *
 * <p>Because both change what is in the file, a file is marked with its format when this class opens it,
 * and a file with collections but without the current mark (written by the plain backend or an earlier
 * version) is refused with an explanation instead of being misread. The read model
 * is derived data: such a file can be deleted and the projections replayed from the event store.
 */
public final class IndexedH2Backend extends H2Backend {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IndexedH2Backend.class);

    /** The map holding this store's format mark; its name does not collide with the library's maps. */
    static final String FORMAT_MAP = "customer-timeline.format";

    static final String FORMAT_KEY = "format";

    /** What this version writes: index keys ordered by value, documents as BSON. */
    static final String CURRENT_FORMAT = "2 (index keys by value, documents as BSON)";

    /** How often the file is written: as MVStore's own background writer would. */
    private static final long COMMIT_INTERVAL_MILLIS = 1_000;

    /**
     * MVStore's write buffer, in KB. MVStore writes a version from whichever thread is writing once this
     * much is unsaved (19 MB by default), in the middle of a command and outside {@link #versionLock}.
     * At 600 events/s the projections reached that within a second, so versions were written from the
     * wire server's threads (seen in thread dumps of the full-size benchmark). This bound is far above
     * what a second of writes produces, so only the committer writes versions.
     */
    static final int WRITE_BUFFER_KB = 1024 * 1024;

    /**
     * Live bytes of sparsely used chunks that housekeeping may move to new chunks after each commit.
     * MVStore's writer allows a quarter of its write buffer (about 5 MB) while the store is busy; the
     * full-size benchmark writes 15-20 MB of pages a second and the file grew by about 1 GB a minute.
     */
    static final int REWRITE_BYTES_PER_COMMIT = 16 * 1024 * 1024;

    /**
     * Commands hold the read side of this lock; writing a version to the file takes the write side. So
     * a version never holds part of one command and every command that completed before it: a token
     * written after a batch's documents is never in the file without them (ADR 0007). MVStore's own
     * background writer moves its maps to the next version one after another while writers go on, which
     * let a token reach the file ahead of its documents (IndexedH2BackendTest).
     */
    private final ReentrantReadWriteLock versionLock = new ReentrantReadWriteLock();

    private final ScheduledExecutorService committer;

    private IndexedH2Backend(MVStore store) {
        this(store, COMMIT_INTERVAL_MILLIS);
    }

    IndexedH2Backend(MVStore store, long commitIntervalMillis) {
        super(prepare(store));
        if (store.getFileStore() == null) {
            committer = null;
        } else {
            committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "projection-store-commit");
                thread.setDaemon(true);
                return thread;
            });
            committer.scheduleWithFixedDelay(
                    this::commitVersion, commitIntervalMillis, commitIntervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void commitVersion() {
        versionLock.writeLock().lock();
        try {
            if (!getMvStore().isClosed()) {
                getMvStore().commit();
                keepFileCompact(getMvStore(), REWRITE_BYTES_PER_COMMIT);
            }
        } catch (RuntimeException e) {
            log.warn("could not write the projection store's file; will retry", e);
        } finally {
            versionLock.writeLock().unlock();
        }
    }

    /**
     * Runs MVStore's file housekeeping after a commit, as its background writer would. Every version
     * is written to new chunks, and a chunk's space is reused only once none of its pages is live.
     * Pages that are written once and rarely again (timeline entries, quiet customers) keep old chunks
     * alive; housekeeping moves them to new chunks so the old ones can be freed. Without it the file
     * grew by nearly every version written: 20 GB after 270,000 events in the benchmark. The background
     * writer is off because it also writes versions while commands run (see {@link #versionLock}), so
     * this runs in its place, between commands like the commit; moved pages are written with the next
     * version.
     */
    static void keepFileCompact(MVStore store, int rewriteBytes) {
        try {
            org.h2.mvstore.ProjectionStoreHousekeeping.run(store, rewriteBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The file's size in bytes (0 in memory). */
    public long fileBytes() {
        FileStore<?> fileStore = getMvStore().getFileStore();
        return fileStore == null || getMvStore().isClosed() ? 0 : fileStore.size();
    }

    /** Live share of the bytes in the file's chunks, in percent (100 in memory). */
    public int livePercent() {
        FileStore<?> fileStore = getMvStore().getFileStore();
        return fileStore == null || getMvStore().isClosed() ? 100 : fileStore.getChunksFillRate();
    }

    /** Every command of the driver's wire protocol (OP_MSG) arrives here. */
    @Override
    public Document handleMessage(MongoMessage message) {
        versionLock.readLock().lock();
        try {
            return super.handleMessage(message);
        } finally {
            versionLock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        if (committer != null) {
            committer.shutdownNow();
        }
        versionLock.writeLock().lock();
        try {
            super.close();
        } finally {
            versionLock.writeLock().unlock();
        }
    }

    /**
     * Opens (or creates) the store file.
     *
     * @param file the MVStore file
     * @param cacheMegabytes the page cache size
     */
    public static IndexedH2Backend open(Path file, int cacheMegabytes) {
        return open(file, cacheMegabytes, false);
    }

    /**
     * Opens (or creates) the store file.
     *
     * @param file the MVStore file
     * @param cacheMegabytes the page cache size
     * @param compress whether pages are written LZF-compressed (pages say whether they are, so a file
     *     may hold both)
     */
    public static IndexedH2Backend open(Path file, int cacheMegabytes, boolean compress) {
        MVStore.Builder builder = storeBuilder(file, cacheMegabytes);
        MVStore store = (compress ? builder.compress() : builder).open();
        try {
            return new IndexedH2Backend(store);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /** The store's settings: versions are written by this class only, between commands. */
    static MVStore.Builder storeBuilder(Path file, int cacheMegabytes) {
        return new MVStore.Builder()
                .fileName(file.toString())
                .cacheSize(cacheMegabytes)
                .autoCommitDisabled()
                .autoCommitBufferSize(WRITE_BUFFER_KB);
    }

    /** Opens a store that lives in memory only (tests). */
    public static IndexedH2Backend inMemory() {
        return new IndexedH2Backend(new MVStore.Builder().open());
    }

    private static MVStore prepare(MVStore store) {
        MVMap<String, String> marks = store.openMap(FORMAT_MAP);
        String format = marks.get(FORMAT_KEY);
        List<String> indexMaps = store.getMapNames().stream()
                .filter(IndexedH2Database::isIndexMap)
                .toList();
        List<String> dataMaps = store.getMapNames().stream()
                .filter(IndexedH2Database::isDataMap)
                .toList();
        boolean holdsData = !indexMaps.isEmpty() || !dataMaps.isEmpty();
        if (holdsData && !CURRENT_FORMAT.equals(format)) {
            throw new IllegalStateException("The projection store " + describe(store) + " was written in format "
                    + (format == null ? "(unmarked: the library's own backend or an earlier version)" : format)
                    + ", which this version cannot read. It holds only derived read models: stop the service,"
                    + " delete the file, start the service and replay the projections"
                    + " (POST /api/v1/admin/processors/{name}/replay for timeline, customer-summary and"
                    + " rep-portfolio).");
        }
        marks.put(FORMAT_KEY, CURRENT_FORMAT);
        for (String name : indexMaps) {
            IndexedH2Database.openIndexMap(store, name);
        }
        for (String name : dataMaps) {
            IndexedH2Database.openDataMap(store, name);
        }
        return store;
    }

    private static String describe(MVStore store) {
        return store.getFileStore() == null
                ? "(in memory)"
                : store.getFileStore().getFileName();
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // getMvStore(), not a field of this class: the superclass constructor already opens the
        // databases that exist in the file
        return IndexedH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }
}
