package com.customertimeline.readmodel.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.h2.mvstore.MVStoreTool;

/**
 * The embedded projection store's file as the wire server sees it, with one extra power: the file can
 * be written anew. An MVStore file never overwrites a page in place; a document that was replaced or
 * deleted stays in the bytes of older chunks until their space is reused. After an erasure that is not
 * good enough (the customer's name would still be in the file), so {@link #rewrite()} closes the store,
 * copies only the live pages into a new file that replaces the old one, and opens it again. Requests
 * wait for the moment that takes; cursors open across it are lost (the driver reports them unknown and
 * the caller retries).
 */
public final class ProjectionStoreFile implements MongoBackend {

    private final Path file;
    private final boolean compress;
    private final Supplier<IndexedH2Backend> opener;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile IndexedH2Backend backend;

    public ProjectionStoreFile(Path file, boolean compress, Supplier<IndexedH2Backend> opener) {
        this.file = file;
        this.compress = compress;
        this.opener = opener;
        this.backend = opener.get();
    }

    /** The store as it is now (for gauges: it changes at a rewrite). */
    public IndexedH2Backend current() {
        return backend;
    }

    /**
     * Writes the file anew with only its live pages; afterwards no replaced or deleted document is in it.
     *
     * @return the file's size before and after, in bytes
     */
    public Rewritten rewrite() {
        lock.writeLock().lock();
        try {
            long before = backend.fileBytes();
            backend.close();
            MVStoreTool.compact(file.toString(), compress);
            backend = opener.get();
            return new Rewritten(before, backend.fileBytes());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Sizes of the file around a rewrite. */
    public record Rewritten(long bytesBefore, long bytesAfter) {}

    private <T> T read(Function<IndexedH2Backend, T> call) {
        lock.readLock().lock();
        try {
            return call.apply(backend);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void handleClose(Channel channel) {
        read(b -> {
            b.handleClose(channel);
            return null;
        });
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return read(b -> b.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return read(b -> b.handleQuery(query));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return read(b -> b.handleMessage(message));
    }

    @Override
    public void dropDatabase(String database) {
        read(b -> {
            b.dropDatabase(database);
            return null;
        });
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return read(b -> b.getCurrentOperations(query));
    }

    @Override
    public Document getServerStatus() {
        return read(IndexedH2Backend::getServerStatus);
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            backend.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        read(b -> {
            b.closeCursors(cursorIds);
            return null;
        });
    }

    @Override
    public Clock getClock() {
        return backend.getClock();
    }

    @Override
    public void enableOplog() {
        read(b -> {
            b.enableOplog();
            return null;
        });
    }

    @Override
    public void disableOplog() {
        read(b -> {
            b.disableOplog();
            return null;
        });
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return read(b -> b.resolveDatabase(database));
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        read(b -> b.version(version));
        return this;
    }
}
