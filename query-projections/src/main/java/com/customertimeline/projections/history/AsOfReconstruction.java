package com.customertimeline.projections.history;

import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.ReconstructCustomerSummary;
import com.customertimeline.domain.query.ReconstructHandoverBrief;
import com.customertimeline.domain.query.ReconstructTimeline;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.summary.CustomerSummaryQueries;
import com.customertimeline.projections.summary.CustomerSummaryView;
import com.customertimeline.projections.summary.HandoverBriefQueries;
import com.customertimeline.projections.summary.HandoverBriefView;
import com.customertimeline.projections.support.BatchDelivery;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.support.StateSnapshots;
import com.customertimeline.projections.timeline.TimelinePage;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.customertimeline.projections.timeline.TimelineQueries;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Answers "what did this customer's timeline, summary and handover brief show at instant T?" for
 * supervisors and auditors. The answer is the prefix of the customer's stream recorded by T (recording
 * time, the store's timestamp, not business time) run through the very same projection code, read with
 * the same queries and with "now" = T, so nothing recorded later can colour it, backdated imports
 * included.
 *
 * <p>Replaying a long history for every question is what made as-of views slow (a 10,000-event
 * customer took about 700 ms). The projections therefore keep a copy of each customer's document every
 * {@value StateSnapshots#EVERY} events ({@link StateSnapshots}); a reconstruction starts from the latest
 * copy recorded entirely by T and replays only the events after it, at most a few hundred: onto the
 * summary copy held in memory, or into a scratch in-memory store for the timeline's first page. Timeline entries never change once written (each is derived from its own
 * event), so a filtered or later timeline page is the current entries restricted to the prefix's
 * sequence numbers, read where the current timeline has reached the prefix; the first page comes from
 * the copy's head. Where no copy or current read model can serve (a read model being rebuilt), the
 * whole prefix is replayed, as before; {@link #replayingEverything} is that path, and the tests compare
 * the two at many instants.
 *
 * <p>Replays run on a small pool of their own: outside the query's unit of work, so each replayed batch
 * commits (and flushes) on its own exactly as in a processor, and bounded, so heavy as-of reads cannot
 * take every request thread.
 */
@Component
public class AsOfReconstruction implements DisposableBean {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private static final int BATCH = 500;

    private final EventStore eventStore;
    private final MongoDatabase readModel;
    private final StateSnapshots summarySnapshots;
    private final StateSnapshots timelineSnapshots;
    private final MongoServer scratchServer = new MongoServer(new MemoryBackend());
    private final MongoClient scratchClient;
    private final AtomicLong databases = new AtomicLong();
    private final ExecutorService replays = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "as-of-replay");
        thread.setDaemon(true);
        return thread;
    });

    /** Reconstructions that start from the read model's copies and current timeline entries. */
    @Autowired
    public AsOfReconstruction(EventStore eventStore, @Qualifier("readModelDatabase") MongoDatabase readModel) {
        this.eventStore = eventStore;
        this.readModel = readModel;
        this.summarySnapshots = readModel == null
                ? null
                : new StateSnapshots(readModel.getCollection(CustomerSummaryProjection.SNAPSHOTS));
        this.timelineSnapshots =
                readModel == null ? null : new StateSnapshots(readModel.getCollection(TimelineProjection.SNAPSHOTS));
        this.scratchClient = MongoClients.create(scratchServer.bindAndGetConnectionString());
    }

    /** Reconstructions that replay every event of the prefix (the reference the fast path is held to). */
    public static AsOfReconstruction replayingEverything(EventStore eventStore) {
        return new AsOfReconstruction(eventStore, null);
    }

    @QueryHandler
    public Optional<CustomerSummaryView> handle(ReconstructCustomerSummary query) {
        return onPool(() -> summaryDocument(query.customerId(), query.asOf())
                .map(summary -> CustomerSummaryQueries.toView(summary, query.asOf())));
    }

    @QueryHandler
    public Optional<HandoverBriefView> handle(ReconstructHandoverBrief query) {
        return onPool(() -> summaryDocument(query.customerId(), query.asOf())
                .map(summary -> HandoverBriefQueries.toBrief(summary, query.asOf())));
    }

    @QueryHandler
    public Optional<TimelinePage> handle(ReconstructTimeline query) {
        return onPool(() -> timeline(query.page(), query.asOf()));
    }

    /** The customer's summary document after the prefix recorded by {@code asOf}. */
    private Optional<Document> summaryDocument(String customerId, Instant asOf) {
        Optional<StateSnapshots.Snapshot> copy =
                summarySnapshots == null ? Optional.empty() : summarySnapshots.latest(customerId, asOf);
        List<EventMessage<?>> tail =
                recorded(customerId, copy.map(c -> c.sequence() + 1).orElse(0L), asOf);
        if (copy.isEmpty() && tail.isEmpty()) {
            return Optional.empty();
        }
        if (summarySnapshots == null) {
            // the reference: the whole prefix through the projection as a processor runs it, on a store
            return inScratch(scratch -> {
                deliver(tail, scratch.summary);
                return scratch.database
                        .getCollection(CustomerSummaryProjection.COLLECTION)
                        .find(Filters.eq("_id", customerId))
                        .first();
            });
        }
        // a copy and at most a few hundred events: applied in memory, then read back as a store would give it
        Map<String, Document> documents = new HashMap<>();
        copy.ifPresent(c -> documents.put(customerId, c.state()));
        deliver(tail, CustomerSummaryProjection.inMemory(documents));
        Document summary = documents.get(customerId);
        return summary == null ? Optional.empty() : Optional.of(new RawBsonDocument(summary, CODEC).decode(CODEC));
    }

    private Optional<TimelinePage> timeline(FindCustomerTimeline page, Instant asOf) {
        String customerId = page.customerId();
        if (timelineSnapshots == null) {
            return wholePrefix(page, asOf);
        }
        Optional<StateSnapshots.Snapshot> copy = timelineSnapshots.latest(customerId, asOf);
        List<EventMessage<?>> tail =
                recorded(customerId, copy.map(c -> c.sequence() + 1).orElse(0L), asOf);
        if (copy.isEmpty() && tail.isEmpty()) {
            return Optional.empty();
        }
        long lastOfPrefix = tail.isEmpty()
                ? copy.get().sequence()
                : ((DomainEventMessage<?>) tail.get(tail.size() - 1)).getSequenceNumber();
        if (!TimelineQueries.isFirstPageOfEverything(page)) {
            Document current = readModel
                    .getCollection(TimelineProjection.CUSTOMERS)
                    .find(Filters.eq("_id", customerId))
                    .first();
            if (current == null || DocumentWorkingSet.lastSequence(current) < lastOfPrefix) {
                return wholePrefix(page, asOf); // the current timeline has not reached the prefix yet
            }
            return new TimelineQueries(readModel).handle(page, lastOfPrefix);
        }
        List<Document> headEntries =
                copy.map(c -> entriesOfHead(customerId, c.state())).orElse(List.of());
        if (copy.isPresent() && headEntries == null) {
            return wholePrefix(page, asOf);
        }
        return inScratch(scratch -> {
            copy.ifPresent(c -> {
                scratch.database.getCollection(TimelineProjection.CUSTOMERS).insertOne(c.state());
                if (!headEntries.isEmpty()) {
                    scratch.database.getCollection(TimelineProjection.ENTRIES).insertMany(headEntries);
                }
            });
            deliver(tail, scratch.timeline);
            return withNextCursor(scratch.queries.handle(page).orElse(null), page, lastOfPrefix);
        });
    }

    /**
     * The scratch store holds only the copy's head and the events after it, so a full first page cannot
     * see that older entries exist; the prefix has {@code lastOfPrefix + 1} entries, and if that is more
     * than the page, the page goes on after its last entry (in the current store, as any next page).
     */
    private static TimelinePage withNextCursor(TimelinePage page, FindCustomerTimeline query, long lastOfPrefix) {
        if (page == null || page.nextCursor() != null || page.entries().isEmpty()) {
            return page;
        }
        int limit = Math.max(1, Math.min(query.limit(), FindCustomerTimeline.MAX_LIMIT));
        if (page.entries().size() < limit || lastOfPrefix + 1 <= page.entries().size()) {
            return page;
        }
        TimelinePage.Entry last = page.entries().get(page.entries().size() - 1);
        String cursor = new com.customertimeline.projections.timeline.TimelineCursor(
                        last.occurredAt().toEpochMilli(), last.sequence(), true)
                .encode();
        return new TimelinePage(page.customerId(), page.version(), page.entries(), cursor);
    }

    /** The current entries a copy's head refers to, or null if one is missing (a rebuild under way). */
    private List<Document> entriesOfHead(String customerId, Document progress) {
        List<String> ids = progress.getList("head", Document.class, List.of()).stream()
                .map(reference -> TimelineProjection.storageKey(
                        customerId, reference.getDate("occurredAt"), reference.getLong("sequence")))
                .toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Document> found = readModel
                .getCollection(TimelineProjection.ENTRIES)
                .find(Filters.in("_id", ids))
                .into(new ArrayList<>());
        return found.size() == ids.size() ? found : null;
    }

    private Optional<TimelinePage> wholePrefix(FindCustomerTimeline page, Instant asOf) {
        List<EventMessage<?>> prefix = recorded(page.customerId(), 0, asOf);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        return inScratch(scratch -> {
            deliver(prefix, scratch.timeline);
            return scratch.queries.handle(page).orElse(null);
        });
    }

    /**
     * The customer's events from {@code fromSequence} up to the first one recorded after {@code asOf}:
     * stopping there keeps the view consistent (never an event without the ones before it) even if the
     * clocks of writers disagreed.
     */
    private List<EventMessage<?>> recorded(String customerId, long fromSequence, Instant asOf) {
        return eventStore
                .readEvents(customerId, fromSequence)
                .asStream()
                .takeWhile(event -> !event.getTimestamp().isAfter(asOf))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    private static void deliver(List<EventMessage<?>> events, Object projection) {
        BatchDelivery delivery = new BatchDelivery(projection);
        for (int from = 0; from < events.size(); from += BATCH) {
            delivery.batch(
                    events.subList(from, Math.min(events.size(), from + BATCH)),
                    (message, failure) -> new IllegalStateException(
                            "cannot reconstruct from event " + ((DomainEventMessage<?>) message).getSequenceNumber(),
                            failure));
        }
    }

    /**
     * One replay thread's scratch store: a database with the projections (and their indexes) made once,
     * emptied before each use. Making a database and its indexes for every question cost more than the
     * replay of the tail itself.
     */
    private static final class Scratch {
        final MongoDatabase database;
        final CustomerSummaryProjection summary;
        final TimelineProjection timeline;
        final TimelineQueries queries;

        Scratch(MongoDatabase database) {
            this.database = database;
            this.summary = new CustomerSummaryProjection(database);
            this.timeline = new TimelineProjection(database);
            this.queries = new TimelineQueries(database);
        }

        void clear() {
            for (String collection : List.of(
                    CustomerSummaryProjection.COLLECTION,
                    CustomerSummaryProjection.SNAPSHOTS,
                    TimelineProjection.CUSTOMERS,
                    TimelineProjection.ENTRIES,
                    TimelineProjection.SNAPSHOTS)) {
                database.getCollection(collection).deleteMany(new Document());
            }
        }
    }

    private final ThreadLocal<Scratch> scratches = new ThreadLocal<>();

    private <T> Optional<T> inScratch(Function<Scratch, T> work) {
        Scratch scratch = scratches.get();
        if (scratch == null) {
            scratch = new Scratch(scratchClient.getDatabase("asof_" + databases.incrementAndGet()));
            scratches.set(scratch);
        }
        try {
            return Optional.ofNullable(work.apply(scratch));
        } finally {
            scratch.clear();
        }
    }

    private <T> Optional<T> onPool(java.util.function.Supplier<Optional<T>> work) {
        try {
            return CompletableFuture.supplyAsync(work, replays).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    @Override
    public void destroy() {
        replays.shutdownNow();
        scratchClient.close();
        scratchServer.shutdownNow();
    }
}
