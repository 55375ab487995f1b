package com.customertimeline.projections.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * Copies of a projection's per-customer document as it stood after every {@value #EVERY}th event of the
 * customer, so "what did this customer look like at instant T" starts from the latest copy recorded
 * entirely by T and replays at most a few hundred events, instead of the customer's whole history.
 *
 * <p>A copy is usable for T only if every event it contains was recorded by T. Recording times are not
 * monotonic across writers, and an as-of view is the prefix of the stream up to the first event recorded
 * after T, so each document carries {@value #RECORDED_UP_TO}, the latest recording time of the events
 * applied to it, and each copy is listed with it. The list is one small document per customer
 * ({@code _id} = customer id) next to the copies ({@code _id} = customer id and zero-padded sequence):
 * both are read by {@code _id}, which every MongoDB, the embedded one included, answers from its
 * primary index. Copies are written at most once per {@value #EVERY} events of a customer, so the
 * projections' write load hardly changes.
 */
public final class StateSnapshots {

    /** Events of a customer between two copies. */
    public static final int EVERY = 128;

    /** Field of a per-customer document: the latest recording time of the events applied to it. */
    public static final String RECORDED_UP_TO = "recordedUpTo";

    private static final DocumentCodec CODEC = new DocumentCodec();

    /** The latest instant a {@link Date} (and BSON) can hold; later instants mean "everything". */
    private static final Instant LATEST_DATE = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final MongoCollection<Document> collection;

    public StateSnapshots(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    /** Copies that are never taken (a projection applied where nothing is stored). */
    public static StateSnapshots none() {
        return new StateSnapshots(null);
    }

    /** A copy of a customer's document after the event with this sequence number. */
    public record Snapshot(long sequence, Instant recordedUpTo, Document state) {}

    /** Whether a copy is taken after the event with this sequence number. */
    public static boolean isSnapshotPoint(long sequence) {
        return (sequence + 1) % EVERY == 0;
    }

    /**
     * Advances the document's latest recording time with that of the event being handled (Axon's
     * current message).
     */
    public static void recorded(Document state) {
        Instant at =
                CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().getMessage() instanceof EventMessage<?> event
                        ? event.getTimestamp()
                        : null;
        if (at == null) {
            return;
        }
        Date previous = state.getDate(RECORDED_UP_TO);
        if (previous == null || previous.toInstant().isBefore(at)) {
            state.put(RECORDED_UP_TO, Date.from(at));
        }
    }

    /** The copies one batch takes, written when the batch flushes. */
    public Batch batch() {
        return new Batch();
    }

    /** Copies taken during one batch of events. */
    public final class Batch {
        private final Map<String, List<Document>> taken = new LinkedHashMap<>();

        private Batch() {}

        /**
         * Copies the document as it is now (later changes in the batch do not reach the copy); returns the
         * copy, which the caller may complete until the batch flushes, or null when no copies are taken.
         */
        public Document capture(String customerId, long sequence, Document state) {
            if (collection == null) {
                return null;
            }
            Document copy = new RawBsonDocument(state, CODEC).decode(CODEC);
            Date recordedUpTo = copy.getDate(RECORDED_UP_TO);
            taken.computeIfAbsent(customerId, c -> new ArrayList<>())
                    .add(new Document("_id", snapshotId(customerId, sequence))
                            .append("customerId", customerId)
                            .append("sequence", sequence)
                            .append(RECORDED_UP_TO, recordedUpTo)
                            .append("state", copy));
            return copy;
        }

        /** Writes the copies, then adds them to each customer's list (a list never names a missing copy). */
        public void flush() {
            if (taken.isEmpty()) {
                return;
            }
            List<InsertOneModel<Document>> inserts = new ArrayList<>();
            taken.values().forEach(copies -> copies.forEach(copy -> inserts.add(new InsertOneModel<>(copy))));
            InsertsKeepingExisting.insert(collection, inserts); // an existing copy is of the same prefix
            taken.forEach((customerId, copies) -> {
                Document list = collection.find(Filters.eq("_id", customerId)).first();
                List<Document> points =
                        new ArrayList<>(list == null ? List.of() : list.getList("points", Document.class, List.of()));
                for (Document copy : copies) {
                    long sequence = copy.getLong("sequence");
                    if (points.stream().noneMatch(p -> p.getLong("sequence") == sequence)) {
                        points.add(new Document("sequence", sequence).append(RECORDED_UP_TO, copy.get(RECORDED_UP_TO)));
                    }
                }
                points.sort(Comparator.comparing(p -> p.getLong("sequence")));
                collection.replaceOne(
                        Filters.eq("_id", customerId),
                        new Document("_id", customerId).append("points", points),
                        new ReplaceOptions().upsert(true));
            });
            taken.clear();
        }
    }

    /** The latest copy of the customer's document whose events were all recorded by {@code asOf}. */
    public Optional<Snapshot> latest(String customerId, Instant asOf) {
        Document list = collection.find(Filters.eq("_id", customerId)).first();
        if (list == null) {
            return Optional.empty();
        }
        Date limit = asOf.isAfter(LATEST_DATE) ? Date.from(LATEST_DATE) : Date.from(asOf);
        Long best = null;
        for (Document point : list.getList("points", Document.class, List.of())) {
            Date recordedUpTo = point.getDate(RECORDED_UP_TO);
            if (recordedUpTo != null && !recordedUpTo.after(limit)) {
                best = point.getLong("sequence");
            } else {
                break; // a later copy contains this one's events, so it cannot qualify either
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Document copy =
                collection.find(Filters.eq("_id", snapshotId(customerId, best))).first();
        if (copy == null) {
            return Optional.empty(); // dropped by a reset under way: the caller replays from the start
        }
        return Optional.of(new Snapshot(
                copy.getLong("sequence"), copy.getDate(RECORDED_UP_TO).toInstant(), copy.get("state", Document.class)));
    }

    /** Removes the customer's copies and list. */
    public void forget(String customerId) {
        collection.deleteMany(Filters.eq("customerId", customerId));
        collection.deleteOne(Filters.eq("_id", customerId));
    }

    /** Removes every copy (a projection's reset). */
    public void drop() {
        collection.drop();
    }

    static String snapshotId(String customerId, long sequence) {
        return customerId + ":" + String.format(Locale.ROOT, "%012d", sequence);
    }
}
