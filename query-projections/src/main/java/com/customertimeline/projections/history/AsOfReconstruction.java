package com.customertimeline.projections.history;

import com.customertimeline.domain.query.ReconstructCustomerSummary;
import com.customertimeline.domain.query.ReconstructTimeline;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.summary.CustomerSummaryQueries;
import com.customertimeline.projections.summary.CustomerSummaryView;
import com.customertimeline.projections.support.BatchDelivery;
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
import java.util.List;
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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Answers "what did this customer's timeline and summary show at instant T?" for supervisors and
 * auditors. It replays the customer's events recorded up to T (recording time, the store's timestamp,
 * not business time) through the very same projection code into a scratch in-memory store, then reads
 * the result with the same queries and with "now" = T. The current read model is never consulted, so
 * the answer cannot be coloured by anything recorded later, including backdated imports.
 *
 * <p>Replays run on a small pool of their own: outside the query's unit of work, so each replayed batch
 * commits (and flushes) on its own exactly as in a processor, and bounded, so heavy as-of reads cannot
 * take every request thread.
 */
@Component
public class AsOfReconstruction implements DisposableBean {

    private static final int BATCH = 500;

    private final EventStore eventStore;
    private final MongoServer scratchServer = new MongoServer(new MemoryBackend());
    private final MongoClient scratch;
    private final AtomicLong databases = new AtomicLong();
    private final ExecutorService replays = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "as-of-replay");
        thread.setDaemon(true);
        return thread;
    });

    public AsOfReconstruction(EventStore eventStore) {
        this.eventStore = eventStore;
        this.scratch = MongoClients.create(scratchServer.bindAndGetConnectionString());
    }

    @QueryHandler
    public Optional<CustomerSummaryView> handle(ReconstructCustomerSummary query) {
        return replayed(query.customerId(), query.asOf(), database -> {
            Document summary = database.getCollection(CustomerSummaryProjection.COLLECTION)
                    .find(Filters.eq("_id", query.customerId()))
                    .first();
            return summary == null ? null : CustomerSummaryQueries.toView(summary, query.asOf());
        });
    }

    @QueryHandler
    public Optional<TimelinePage> handle(ReconstructTimeline query) {
        return replayed(query.page().customerId(), query.asOf(), database -> new TimelineQueries(database)
                .handle(query.page())
                .orElse(null));
    }

    private <T> Optional<T> replayed(String customerId, Instant asOf, Function<MongoDatabase, T> read) {
        try {
            return CompletableFuture.supplyAsync(() -> replay(customerId, asOf, read), replays)
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private <T> Optional<T> replay(String customerId, Instant asOf, Function<MongoDatabase, T> read) {
        // the prefix of the stream recorded by asOf: stopping at the first later event keeps the view
        // consistent (never an event without the ones before it) even if clocks of writers disagreed
        List<EventMessage<?>> recorded = eventStore
                .readEvents(customerId, 0)
                .asStream()
                .takeWhile(event -> !event.getTimestamp().isAfter(asOf))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        MongoDatabase database = scratch.getDatabase("asof_" + databases.incrementAndGet());
        try {
            BatchDelivery projections =
                    new BatchDelivery(new CustomerSummaryProjection(database), new TimelineProjection(database));
            for (int from = 0; from < recorded.size(); from += BATCH) {
                projections.batch(
                        recorded.subList(from, Math.min(recorded.size(), from + BATCH)),
                        (message, failure) -> new IllegalStateException(
                                "cannot reconstruct from event "
                                        + ((DomainEventMessage<?>) message).getSequenceNumber(),
                                failure));
            }
            return Optional.ofNullable(read.apply(database));
        } finally {
            database.drop();
        }
    }

    @Override
    public void destroy() {
        replays.shutdownNow();
        scratch.close();
        scratchServer.shutdownNow();
    }
}
