package com.customertimeline.projections.support;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * The documents of one collection that a batch of events reads and changes, keyed by {@code _id}. Every
 * document carries {@value #LAST_SEQUENCE}, the sequence number of the last event applied to it, which is
 * what makes re-delivery harmless (callers skip events that are not newer) and what read-your-writes waits
 * for.
 *
 * <p>Documents are loaded once per batch (all ids the batch will touch in one {@code $in} query) and
 * written once per batch in a single {@code bulkWrite}. New documents are inserted, existing ones replaced
 * only if their stored {@value #LAST_SEQUENCE} is still the one that was read: if another processor
 * instance wrote in between (e.g. while a segment moved), the write fails and the batch is retried rather
 * than overwriting newer state.
 */
public final class DocumentWorkingSet {

    /** Field holding the sequence number of the last applied event. */
    public static final String LAST_SEQUENCE = "lastSequence";

    private final MongoCollection<Document> collection;
    private final CatchUpWrites.Scope held;
    private final Map<String, Document> memory;
    private final Set<String> prefetch;
    private final Set<String> loaded = new HashSet<>();
    private final Map<String, Document> current = new HashMap<>();
    private final Map<String, Long> storedSequence = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();

    public DocumentWorkingSet(MongoCollection<Document> collection, Collection<String> prefetch) {
        this(collection, null, prefetch);
    }

    /**
     * A working set whose documents may be held across batches while the processor catches up: it reads
     * held versions before the store, and leaves its changes in the hold when the batch holds
     * ({@link CatchUpWrites}).
     */
    public DocumentWorkingSet(
            MongoCollection<Document> collection, CatchUpWrites.Scope held, Collection<String> prefetch) {
        this.collection = collection;
        this.held = held;
        this.memory = null;
        this.prefetch = new LinkedHashSet<>(prefetch);
    }

    /**
     * A working set over documents held in a map instead of a collection: for applying a few events to
     * one document where nothing is to be stored (an as-of reconstruction), without a database round
     * trip per read and write.
     */
    public DocumentWorkingSet(Map<String, Document> memory, Collection<String> prefetch) {
        this.collection = null;
        this.held = null;
        this.memory = memory;
        this.prefetch = new LinkedHashSet<>(prefetch);
    }

    /** The index earlier versions created for the optimistic replace's {@code {_id, lastSequence}} filter. */
    static final String OBSOLETE_INDEX = "id_last_sequence";

    /**
     * Drops the {@code {_id, lastSequence}} index that earlier versions created for the optimistic
     * replace. MongoDB answers that filter from the {@code _id} index, and the embedded store from its
     * documents, which it keys by {@code _id}; the index only cost an extra index write with every
     * document write.
     */
    public static void dropObsoleteIndexes(MongoCollection<Document> collection) {
        for (Document index : collection.listIndexes()) {
            if (OBSOLETE_INDEX.equals(index.getString("name"))) {
                collection.dropIndex(OBSOLETE_INDEX);
            }
        }
    }

    /** The document as it stands after the events applied so far in this batch. */
    public Optional<Document> get(String id) {
        if (!loaded.contains(id)) {
            load(id);
        }
        return Optional.ofNullable(current.get(id));
    }

    /** The last applied sequence number of a document, or -1 if it does not exist. */
    public static long lastSequence(Document document) {
        Long sequence = document.getLong(LAST_SEQUENCE);
        return sequence == null ? -1 : sequence;
    }

    /** Stores a new or changed document (with its new {@value #LAST_SEQUENCE}) for the flush. */
    public void put(Document document) {
        String id = document.getString("_id");
        if (!loaded.contains(id)) {
            load(id);
        }
        current.put(id, document);
        changed.add(id);
    }

    /** Writes all changed documents in one bulk write. */
    public void flush() {
        if (changed.isEmpty()) {
            return;
        }
        if (memory != null) {
            for (String id : changed) {
                memory.put(id, current.get(id));
                storedSequence.put(id, lastSequence(current.get(id)));
            }
            changed.clear();
            return;
        }
        List<CatchUpWrites.Held> writes = new ArrayList<>(changed.size());
        for (String id : changed) {
            writes.add(new CatchUpWrites.Held(current.get(id), storedSequence.get(id)));
        }
        if (held != null && held.hold(writes)) {
            changed.clear(); // held, with the sequence the store has, until the processor writes them
            return;
        }
        write(collection, writes);
        for (String id : changed) {
            storedSequence.put(id, lastSequence(current.get(id)));
        }
        if (held != null) {
            held.written(changed);
        }
        changed.clear();
    }

    /**
     * Writes documents in one ordered bulk write: those the store does not have are inserted, the others
     * replaced only if the store still has the sequence they were read with.
     */
    static void write(MongoCollection<Document> collection, Collection<CatchUpWrites.Held> documents) {
        List<WriteModel<Document>> writes = new ArrayList<>(documents.size());
        int inserts = 0;
        int replaces = 0;
        for (CatchUpWrites.Held held : documents) {
            Document document = held.document();
            Long stored = held.storedSequence();
            if (stored == null) {
                writes.add(new InsertOneModel<>(document));
                inserts++;
            } else {
                // a plain two-key filter, not Filters.and (which renders as $and): the embedded server
                // then finds the document by _id instead of scanning the collection
                writes.add(new ReplaceOneModel<>(
                        new Document("_id", document.get("_id")).append(LAST_SEQUENCE, stored), document));
                replaces++;
            }
        }
        BulkWriteResult result = collection.bulkWrite(writes, new BulkWriteOptions().ordered(true));
        if (result.getInsertedCount() != inserts || result.getMatchedCount() != replaces) {
            throw new ConcurrentModificationException("documents of " + collection.getNamespace()
                    + " changed while a batch was applied to them; the batch will be retried");
        }
    }

    private void load(String id) {
        Set<String> ids = new HashSet<>();
        ids.add(id);
        for (String candidate : prefetch) {
            if (!loaded.contains(candidate)) {
                ids.add(candidate);
            }
        }
        loaded.addAll(ids);
        if (held != null) {
            for (java.util.Iterator<String> it = ids.iterator(); it.hasNext(); ) {
                String candidate = it.next();
                Optional<CatchUpWrites.Held> version = held.held(candidate);
                if (version.isPresent()) {
                    current.put(candidate, version.get().document());
                    storedSequence.put(candidate, version.get().storedSequence());
                    it.remove();
                }
            }
            if (ids.isEmpty()) {
                return;
            }
        }
        Iterable<Document> found = memory != null
                ? ids.stream()
                        .map(memory::get)
                        .filter(java.util.Objects::nonNull)
                        .toList()
                : collection.find(Filters.in("_id", ids));
        for (Document document : found) {
            String key = document.getString("_id");
            current.put(key, document);
            storedSequence.put(key, lastSequence(document));
        }
    }
}
