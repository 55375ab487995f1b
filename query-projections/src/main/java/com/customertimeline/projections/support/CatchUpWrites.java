package com.customertimeline.projections.support;

import com.mongodb.client.MongoCollection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;

/**
 * Holds the per-customer documents of a processor that works off a backlog (a replay, the catch-up after
 * an import or a restart) in memory across batches, and writes each of them once when the backlog is
 * gone, when too many are held or after a while, instead of once per batch (ADR 0022).
 *
 * <p>Why: the embedded read-model store costs the same per document written however the writes are
 * batched (ADR 0018), and a batch of 100 events of 10,000 customers rewrites almost 100 summaries, 100
 * timeline progress documents and 100 portfolio lines. Held across batches, a customer's documents are
 * written once per hold, whatever the number of its events in between.
 *
 * <p>What keeps it correct:
 * <ul>
 *   <li>A segment's token is stored only when none of its documents are held
 *       ({@link TokenAfterProjectionWrites}); while they are, the processor only extends its claim. A
 *       crash, a stop or a failed batch loses the held documents and the processor starts again from
 *       the last stored token, whose events the projections apply again or skip by their
 *       {@value DocumentWorkingSet#LAST_SEQUENCE}.</li>
 *   <li>A document is held by the segment that handles its customer's (or rep's) stream, and only that
 *       segment's batches read or change it; a released segment (stop, split, merge, reset) drops what it
 *       held.</li>
 *   <li>Only full batches of events stored more than {@code behind} ago and further than {@code
 *       nearHead} events from the head of the stream are held: a processor that follows live traffic
 *       writes every batch, so reads that wait for a version are not delayed, and the last stretch of a
 *       catch-up writes everything held by the time the processor reports itself at the head.</li>
 *   <li>Holds are changed and written on the segment's own thread (its batches, and its claim
 *       extension while idle); the coordinator's own claim extension is not enabled in this service,
 *       and each hold is guarded by its lock besides.</li>
 * </ul>
 * Documents that are inserted once per event (timeline entries, as-of copies) are not held: they are
 * written once either way.
 */
public final class CatchUpWrites {

    /**
     * When documents are held.
     *
     * @param enabled whether documents are ever held
     * @param behind a full batch whose newest event was stored longer ago than this is catch-up
     * @param nearHead a batch that ends within this many events of the head of the stream is written,
     *     so a catch-up's last documents are written when its events are, not later
     * @param maxDocuments a segment holding this many documents writes them with its next batch
     * @param maxAge a segment writes what it holds at the first batch after holding this long, which
     *     bounds the work a crash makes the processor do again
     */
    public record Settings(boolean enabled, Duration behind, long nearHead, int maxDocuments, Duration maxAge) {}

    /** Nothing is ever held (tests that apply projections directly, as-of reconstructions). */
    public static final CatchUpWrites NONE = new CatchUpWrites(
            new Settings(false, Duration.ZERO, 0, 0, Duration.ZERO), Map.of(), OptionalLong::empty, Clock.systemUTC());

    private static final String DECISION = CatchUpWrites.class.getName() + ".decision.";

    private final Settings settings;
    private final Map<String, Integer> batchSizes;
    private final Supplier<OptionalLong> head;
    private final Clock clock;
    private final Map<SegmentKey, Segment> segments = new ConcurrentHashMap<>();

    /**
     * @param batchSizes each processor's batch size: only a batch this large is held (a smaller one means
     *     the processor has reached the head of the stream)
     * @param head the position of the newest event in the stream (asked only when a batch would hold)
     */
    public CatchUpWrites(Settings settings, Map<String, Integer> batchSizes, Supplier<OptionalLong> head, Clock clock) {
        this.settings = settings;
        this.batchSizes = Map.copyOf(batchSizes);
        this.head = head;
        this.clock = clock;
    }

    /** A stored version of a held document: what the store has under its id ({@code null}: nothing). */
    record Held(Document document, Long storedSequence) {}

    private record SegmentKey(String processor, int segment) {}

    /** What one segment of a processor holds, by collection and id. */
    private static final class Segment {
        private final Map<String, Map<String, Held>> documents = new ConcurrentHashMap<>();
        private final Map<String, MongoCollection<Document>> collections = new ConcurrentHashMap<>();
        private volatile Instant since;
        private volatile TrackingToken pendingToken;

        int size() {
            return documents.values().stream().mapToInt(Map::size).sum();
        }
    }

    /** Whether the current unit of work holds its documents or writes them, as decided by {@code owner}. */
    private record Decision(CatchUpWrites owner, SegmentKey key, boolean hold) {}

    /** The held documents of one processor's collection, as its batches see them. */
    public Scope scope(String processor, MongoCollection<Document> collection) {
        return new Scope(processor, collection);
    }

    /** One processor's collection: where a batch looks for held documents and leaves its changes. */
    public final class Scope {
        private final String processor;
        private final MongoCollection<Document> collection;
        private final String name;

        private Scope(String processor, MongoCollection<Document> collection) {
            this.processor = processor;
            this.collection = collection;
            this.name = collection.getNamespace().getCollectionName();
        }

        /** The held version of a document, if a segment of the processor holds it. */
        Optional<Held> held(String id) {
            for (Map.Entry<SegmentKey, Segment> entry : segments.entrySet()) {
                if (entry.getKey().processor().equals(processor)) {
                    Map<String, Held> documents = entry.getValue().documents.get(name);
                    Held held = documents == null ? null : documents.get(id);
                    if (held != null) {
                        return Optional.of(held);
                    }
                }
            }
            return Optional.empty();
        }

        /**
         * Takes a batch's changed documents into the segment's hold, if this unit of work holds; returns
         * false if they are to be written now.
         */
        boolean hold(Collection<Held> changed) {
            Decision decision = decision(processor);
            if (decision == null || !decision.hold()) {
                return false;
            }
            Segment segment = segments.computeIfAbsent(decision.key(), k -> new Segment());
            synchronized (segment) {
                segment.collections.putIfAbsent(name, collection);
                Map<String, Held> documents = segment.documents.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
                for (Held held : changed) {
                    documents.put(held.document().getString("_id"), held);
                }
                if (segment.since == null) {
                    segment.since = clock.instant();
                }
            }
            return true;
        }

        /** Forgets the held versions of documents that were just written. */
        void written(Collection<String> ids) {
            Decision decision = decision(processor);
            if (decision == null) {
                return;
            }
            Segment segment = segments.get(decision.key());
            if (segment == null) {
                return;
            }
            synchronized (segment) {
                Map<String, Held> documents = segment.documents.get(name);
                if (documents != null) {
                    ids.forEach(documents::remove);
                }
                if (segment.size() == 0) {
                    segments.remove(decision.key(), segment); // a later hold starts its clock afresh
                }
            }
        }
    }

    /**
     * Decides, when a segment is about to store the token of a batch (the start of the batch's commit),
     * whether the batch's documents are held or written. Called by {@link TokenAfterProjectionWrites}.
     */
    void deciding(UnitOfWork<?> root, String processor, int segmentId, TrackingToken token) {
        SegmentKey key = new SegmentKey(processor, segmentId);
        root.resources().put(DECISION + processor, new Decision(this, key, holds(root, key, token)));
    }

    private boolean holds(UnitOfWork<?> root, SegmentKey key, TrackingToken token) {
        Integer batchSize = batchSizes.get(key.processor());
        if (!settings.enabled()
                || batchSize == null
                || token == null
                || !(root instanceof BatchingUnitOfWork<?> batching)) {
            return false;
        }
        List<? extends Message<?>> messages = batching.getMessages();
        if (messages.size() < batchSize) {
            return false;
        }
        Instant newest = Instant.MIN;
        for (Message<?> message : messages) {
            if (message instanceof EventMessage<?> event && event.getTimestamp().isAfter(newest)) {
                newest = event.getTimestamp();
            }
        }
        Instant now = clock.instant();
        if (newest.isAfter(now.minus(settings.behind()))) {
            return false;
        }
        Segment segment = segments.get(key);
        if (segment != null
                && (segment.size() >= settings.maxDocuments()
                        || (segment.since != null && !segment.since.isAfter(now.minus(settings.maxAge()))))) {
            return false;
        }
        OptionalLong position = token.position();
        OptionalLong headPosition = headPosition(now);
        return position.isPresent()
                && headPosition.isPresent()
                && headPosition.getAsLong() - position.getAsLong() > settings.nearHead();
    }

    /**
     * The head of the stream, asked at most once a second: a catch-up batch is far from it by definition,
     * and the head only moves further away meanwhile (a profile of a replay had the query in 3 % of the
     * processors' samples when it was asked for every batch).
     */
    private OptionalLong headPosition(Instant now) {
        HeadSample sample = lastHead;
        if (sample == null || now.isAfter(sample.at().plusSeconds(1)) || now.isBefore(sample.at())) {
            sample = new HeadSample(now, head.get());
            lastHead = sample;
        }
        return sample.position();
    }

    private record HeadSample(Instant at, OptionalLong position) {}

    private volatile HeadSample lastHead;

    private Decision decision(String processor) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        Decision decision = CurrentUnitOfWork.get().root().getResource(DECISION + processor);
        return decision != null && decision.owner() == this ? decision : null;
    }

    /**
     * At the commit of a batch: if the batch held its documents, remembers the token and returns false
     * (the token waits for the documents); otherwise writes whatever the segment still holds and returns
     * true (the token is to be stored).
     */
    boolean settle(String processor, int segmentId, TrackingToken token) {
        SegmentKey key = new SegmentKey(processor, segmentId);
        Segment segment = segments.get(key);
        if (segment == null) {
            return true;
        }
        synchronized (segment) {
            if (segment.size() == 0) {
                segments.remove(key, segment);
                return true;
            }
            Decision decision = decision(processor);
            if (decision != null && decision.hold()) {
                segment.pendingToken = token;
                return false;
            }
            writeAll(key, segment);
            return true;
        }
    }

    /**
     * A token is about to be stored outside a batch. If it covers the token that waited for the segment's
     * documents (the segment is idle, or passed only other segments' events), the documents are written
     * first and the waiting token is returned, to be stored if the caller stores nothing newer. If it does
     * not (a merge stores the lower of two segments' tokens), the documents are dropped: the store will
     * hold a token before their events, which are then applied again.
     *
     * @param token the token about to be stored, or null when the caller only extends its claim
     */
    Optional<TrackingToken> flushIdle(String processor, int segmentId, TrackingToken token) {
        SegmentKey key = new SegmentKey(processor, segmentId);
        Segment segment = segments.get(key);
        if (segment == null) {
            return Optional.empty();
        }
        synchronized (segment) {
            TrackingToken pending = segment.pendingToken;
            if (segment.size() == 0) {
                segments.remove(key, segment);
                return Optional.empty();
            }
            if (token != null && (pending == null || !token.covers(pending))) {
                segments.remove(key, segment);
                return Optional.empty();
            }
            writeAll(key, segment);
            return Optional.ofNullable(pending);
        }
    }

    /** The documents held by all segments of a processor (a gauge for operators). */
    public int heldDocuments(String processor) {
        return segments.entrySet().stream()
                .filter(e -> e.getKey().processor().equals(processor))
                .mapToInt(e -> e.getValue().size())
                .sum();
    }

    /**
     * Forgets what a released segment held: whoever claims it next starts from its stored token, which
     * the held documents are not part of.
     */
    void release(String processor, int segmentId) {
        segments.remove(new SegmentKey(processor, segmentId));
    }

    /** Forgets everything a processor held (its read models are being reset). */
    public void forget(String processor) {
        segments.keySet().removeIf(key -> key.processor().equals(processor));
    }

    private void writeAll(SegmentKey key, Segment segment) {
        for (Map.Entry<String, Map<String, Held>> entry : segment.documents.entrySet()) {
            Collection<Held> held = entry.getValue().values();
            if (!held.isEmpty()) {
                DocumentWorkingSet.write(segment.collections.get(entry.getKey()), held);
            }
        }
        segments.remove(key);
    }
}
