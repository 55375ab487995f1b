package com.customertimeline.projections;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FieldChange;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.domain.rep.RepDeparted;
import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.support.CatchUpWrites;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.support.TokenAfterProjectionWrites;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.Samples;
import com.customertimeline.projections.testsupport.TestMongo;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Runs the three projections in real Axon pooled streaming processors (several segments, small batches)
 * over an in-memory event store and checks that resetting and replaying rebuilds exactly the same read
 * models, also when every event is delivered twice.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProjectionReplayTest {

    private static final List<String> GROUPS = List.of(
            TimelineProjection.PROCESSING_GROUP,
            CustomerSummaryProjection.PROCESSING_GROUP,
            RepPortfolioProjection.PROCESSING_GROUP);
    private static final int CUSTOMERS = 6;
    private static final String DEPARTING = "rep-3";
    /** The customer whose handover after rep-3's departure is never acknowledged. */
    private static final int PENDING_CUSTOMER = 4;

    private TestMongo mongo;
    private final List<Configuration> running = new ArrayList<>();
    private final EventLog log = new EventLog();

    @BeforeEach
    void start() {
        mongo = new TestMongo();
        writeHistory();
    }

    @AfterEach
    void stop() {
        running.forEach(Configuration::shutdown);
        mongo.close();
    }

    @Test
    void resetting_and_replaying_all_events_rebuilds_identical_read_models() {
        Configuration axon = run(log.all());
        awaitProjected(axon, log.all().size());
        Map<String, List<Document>> original = mongo.dump();

        for (String group : GROUPS) {
            PooledStreamingEventProcessor processor = processor(axon, group);
            processor.shutDown();
            processor.resetTokens();
        }
        assertThat(mongo.dump().values())
                .allSatisfy(documents -> assertThat(documents).isEmpty());
        // reset drops the collections; their indexes are created again with them
        assertThat(indexNames(TimelineProjection.ENTRIES))
                .contains("customer_business_time", "customer_kind_time", "customer_rep_time");
        assertThat(indexNames(CustomerSummaryProjection.COLLECTION))
                .contains("owner_name", "search_terms", "stage_activity", "name_sort", "owner_handover");
        assertThat(indexNames(RepPortfolioProjection.CUSTOMERS)).contains("owner_name");
        GROUPS.forEach(group -> processor(axon, group).start());
        awaitProjected(axon, log.all().size());

        assertThat(original.keySet())
                .containsExactlyInAnyOrder(
                        TimelineProjection.ENTRIES,
                        TimelineProjection.CUSTOMERS,
                        CustomerSummaryProjection.COLLECTION,
                        RepPortfolioProjection.CUSTOMERS,
                        RepPortfolioProjection.REPS);
        assertThat(original.get(TimelineProjection.ENTRIES)).hasSize((int) customerEventCount());
        assertThat(original.get(CustomerSummaryProjection.COLLECTION)).hasSize(CUSTOMERS);
        assertThat(mongo.dump()).isEqualTo(original);
    }

    @Test
    void a_catch_up_that_holds_documents_across_batches_builds_the_same_read_models_with_fewer_writes() {
        Configuration batchByBatch = run(log.all());
        awaitProjected(batchByBatch, log.all().size());
        Map<String, List<Document>> original = mongo.dump();
        long written = perCustomerDocumentsWritten();
        batchByBatch.shutdown();
        running.remove(batchByBatch);
        mongo.database().drop();
        mongo.clearWrites();

        // every event counts as old (nothing is live here), and full batches are 7 events
        // and the head of the stream is far away, so every full batch holds
        CatchUpWrites catchUp = new CatchUpWrites(
                new CatchUpWrites.Settings(true, Duration.ZERO, 0, 1_000, Duration.ofHours(1)),
                Map.of(
                        TimelineProjection.PROCESSING_GROUP, 7,
                        CustomerSummaryProjection.PROCESSING_GROUP, 7,
                        RepPortfolioProjection.PROCESSING_GROUP, 7),
                () -> java.util.OptionalLong.of(Long.MAX_VALUE),
                java.time.Clock.systemUTC());
        Configuration holding = run(log.all(), catchUp);
        awaitProjected(holding, log.all().size());
        // a segment whose last batch was full writes its hold at its next claim extension
        await(
                () -> GROUPS.stream().allMatch(group -> catchUp.heldDocuments(group) == 0),
                () -> "still held: "
                        + GROUPS.stream().map(catchUp::heldDocuments).toList());

        assertThat(mongo.dump()).isEqualTo(original);
        assertThat(GROUPS)
                .allSatisfy(group -> assertThat(catchUp.heldDocuments(group)).isZero());
        long held = perCustomerDocumentsWritten();
        assertThat(held)
                .as("per-customer documents written holding (%d) against batch by batch (%d)", held, written)
                .isPositive()
                .isLessThan(written / 2);
    }

    private long perCustomerDocumentsWritten() {
        return mongo.documentsWritten(TimelineProjection.CUSTOMERS)
                + mongo.documentsWritten(CustomerSummaryProjection.COLLECTION)
                + mongo.documentsWritten(RepPortfolioProjection.CUSTOMERS);
    }

    private List<String> indexNames(String collection) {
        List<String> names = new java.util.ArrayList<>();
        for (Document index : mongo.database().getCollection(collection).listIndexes()) {
            names.add(index.getString("name"));
        }
        return names;
    }

    @Test
    void the_replayed_history_includes_a_departure_and_handovers_both_acknowledged_and_pending() {
        Configuration axon = run(log.all());
        awaitProjected(axon, log.all().size());
        MongoDatabase database = mongo.database();

        Document departed = database.getCollection(RepPortfolioProjection.REPS)
                .find(new Document("_id", DEPARTING))
                .first();
        assertThat(departed.getDate("departedAt")).isEqualTo(java.util.Date.from(T0.plus(Duration.ofDays(100))));
        assertThat(departed.getList("successorRepIds", String.class)).containsExactly("rep-1", "rep-2");
        assertThat(DocumentWorkingSet.lastSequence(departed)).isEqualTo(1);

        Document pending = summary("cust-" + PENDING_CUSTOMER);
        assertThat(pending.getBoolean("handoverPending")).isTrue();
        assertThat(pending.get("handover", Document.class))
                .containsEntry("fromRepId", DEPARTING)
                .containsEntry("toRepId", "rep-1")
                .containsEntry("reason", "REP_DEPARTED")
                .containsEntry("acknowledgedAt", null);
        Document acknowledged = summary("cust-1");
        assertThat(acknowledged.getBoolean("handoverPending")).isFalse();
        assertThat(acknowledged.get("handover", Document.class))
                .containsEntry("fromRepId", DEPARTING)
                .containsEntry("toRepId", "rep-2")
                .containsEntry("acknowledgedBy", "rep-2");
        assertThat(database.getCollection(TimelineProjection.ENTRIES)
                        .countDocuments(new Document("kind", TimelineKind.HANDOVER_ACKNOWLEDGED.name())))
                .isEqualTo(CUSTOMERS - 1);
        assertThat(database.getCollection(RepPortfolioProjection.CUSTOMERS)
                        .find(new Document("_id", "cust-" + PENDING_CUSTOMER))
                        .first()
                        .get("handoverAcknowledgedAt"))
                .isNull();
        assertThat(database.getCollection(RepPortfolioProjection.CUSTOMERS)
                        .find(new Document("_id", "cust-1"))
                        .first()
                        .getDate("handoverAcknowledgedAt"))
                .isEqualTo(java.util.Date.from(T0.plus(Duration.ofDays(101))));
    }

    private Document summary(String customerId) {
        return mongo.database()
                .getCollection(CustomerSummaryProjection.COLLECTION)
                .find(new Document("_id", customerId))
                .first();
    }

    @Test
    void the_pooled_processors_write_whole_batches_with_one_bulk_write_per_collection() {
        mongo.clearCommands();
        Configuration axon = run(log.all());
        awaitProjected(axon, log.all().size());

        List<String> commands = mongo.commands();
        long customerEvents = customerEventCount();
        for (String collection : List.of(
                TimelineProjection.ENTRIES, CustomerSummaryProjection.COLLECTION, RepPortfolioProjection.CUSTOMERS)) {
            long writes = commands.stream()
                    .filter(c -> c.equals("update " + collection) || c.equals("insert " + collection))
                    .count();
            assertThat(writes).as(collection).isPositive().isLessThan(customerEvents / 2);
        }
    }

    @Test
    void replaying_a_stream_where_every_event_is_delivered_twice_rebuilds_identical_read_models() {
        Configuration once = run(log.all());
        awaitProjected(once, log.all().size());
        Map<String, List<Document>> original = mongo.dump();
        once.shutdown();
        running.remove(once);

        List<EventMessage<?>> twice = new ArrayList<>();
        for (DomainEventMessage<?> event : log.all()) {
            twice.add(event);
            twice.add(event);
        }
        Configuration doubled = build(twice);
        for (String group : GROUPS) {
            processor(doubled, group).resetTokens(); // a fresh token store: reset clears what the first run built
        }
        assertThat(mongo.dump().values())
                .allSatisfy(documents -> assertThat(documents).isEmpty());
        doubled.start();
        running.add(doubled);
        awaitProjected(doubled, twice.size());

        assertThat(mongo.dump()).isEqualTo(original);
    }

    @Test
    void events_delivered_again_after_the_read_models_are_built_change_nothing() {
        Configuration axon = run(log.all());
        awaitProjected(axon, log.all().size());
        Map<String, List<Document>> original = mongo.dump();

        InMemoryEventStorageEngine engine = (InMemoryEventStorageEngine)
                axon.getComponent(org.axonframework.eventsourcing.eventstore.EventStorageEngine.class);
        engine.appendEvents(log.all());
        awaitProjected(axon, 2 * log.all().size());

        assertThat(mongo.dump()).isEqualTo(original);
    }

    private void writeHistory() {
        Instant recorded = Instant.parse("2026-06-01T00:00:00Z");
        for (int r = 1; r <= 3; r++) {
            log.rep("rep-" + r, Samples.rep("rep-" + r, "Rep " + r, T0), recorded);
        }
        for (int round = 0; round < 12; round++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                String id = "cust-" + c;
                Instant at = T0.plus(Duration.ofDays(round * 7L + c));
                Instant rec = recorded.plusSeconds(round * 100L + c);
                Object payload =
                        switch (round) {
                            case 0 -> Samples.registered(id, "Customer " + c, "rep-" + (c % 3 + 1), at);
                            case 1 -> Samples.interaction(id, "i-1", Channel.values()[c % 7], Direction.INBOUND, at);
                            case 2 -> Samples.promise(id, "i-2", at.plus(Duration.ofDays(3 + c)), "Call back", at);
                            case 3 -> Samples.complaint(id, "k-1", at);
                            case 4 -> Samples.response(id, "k-1", true, at.plus(Duration.ofHours(20 + c)));
                            case 5 -> Samples.purchase(id, "o-1", c + "9.95", c % 2 == 0 ? "EUR" : "USD", at);
                            case 6 ->
                                new CustomerCardUpdated(
                                        id,
                                        new FieldChange<>("Customer " + c, "Renamed " + c),
                                        null,
                                        null,
                                        null,
                                        null,
                                        "rep-1",
                                        at);
                            case 7 ->
                                c % 2 == 0
                                        ? Samples.kept(id, "i-2", at)
                                        : Samples.rated(id, "i-3", Channel.CHAT, c % 5 + 1, at);
                            case 8 -> Samples.resolved(id, "k-1", c % 2 == 0 ? 4 : null, at);
                            case 9 -> Samples.reassigned(id, "rep-" + (c % 3 + 1), "rep-" + ((c + 1) % 3 + 1), at);
                            case 10 -> Samples.purchase(id, "o-2", "100.05", "EUR", at);
                            default -> Samples.interaction(id, "i-4", Channel.PHONE, Direction.OUTBOUND, at);
                        };
                log.customer(id, payload, rec);
            }
        }
        writeDepartureAndHandovers(recorded);
    }

    /**
     * rep-3 departs: its customers (cust-1 and cust-4 since round 9) go to the successors with reason
     * REP_DEPARTED; then every new owner acknowledges the handover except cust-4's, which stays pending.
     */
    private void writeDepartureAndHandovers(Instant recorded) {
        Instant at = T0.plus(Duration.ofDays(100));
        for (int c = 0; c < CUSTOMERS; c++) {
            String id = "cust-" + c;
            String owner = owner(c);
            Object payload = owner.equals(DEPARTING)
                    ? new CustomerReassigned(
                            id, owner, successor(c), ReassignmentReason.REP_DEPARTED, "Left by " + owner, at)
                    : Samples.rated(id, "i-5", Channel.EMAIL, c % 5 + 1, at.plusSeconds(c));
            log.customer(id, payload, recorded.plusSeconds(1200L + c));
        }
        log.rep(
                DEPARTING,
                new RepDeparted(DEPARTING, "Moved abroad", List.of("rep-1", "rep-2"), at),
                recorded.plusSeconds(1250));
        for (int c = 0; c < CUSTOMERS; c++) {
            if (c == PENDING_CUSTOMER) {
                continue;
            }
            String id = "cust-" + c;
            String newOwner = owner(c).equals(DEPARTING) ? successor(c) : owner(c);
            log.customer(
                    id,
                    new HandoverAcknowledged(id, newOwner, at.plus(Duration.ofDays(1))),
                    recorded.plusSeconds(1300L + c));
        }
    }

    /** The owner after round 9. */
    private static String owner(int c) {
        return "rep-" + ((c + 1) % 3 + 1);
    }

    private static String successor(int c) {
        return c % 2 == 0 ? "rep-1" : "rep-2";
    }

    private long customerEventCount() {
        return log.all().stream().filter(e -> e.getType().equals("Customer")).count();
    }

    private Configuration run(List<? extends EventMessage<?>> events) {
        return run(events, CatchUpWrites.NONE);
    }

    private Configuration run(List<? extends EventMessage<?>> events, CatchUpWrites catchUp) {
        Configuration configuration = build(events, catchUp);
        configuration.start();
        running.add(configuration);
        return configuration;
    }

    private Configuration build(List<? extends EventMessage<?>> events) {
        return build(events, CatchUpWrites.NONE);
    }

    private Configuration build(List<? extends EventMessage<?>> events, CatchUpWrites catchUp) {
        MongoDatabase database = mongo.database();
        TokenAfterProjectionWrites tokens = new TokenAfterProjectionWrites(new InMemoryTokenStore(), catchUp);
        InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
        engine.appendEvents(events);
        return DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> engine)
                .registerComponent(org.axonframework.eventsourcing.eventstore.EventStorageEngine.class, c -> engine)
                .eventProcessing(processing -> {
                    processing.registerTokenStore(c -> tokens);
                    for (String group : GROUPS) {
                        processing.registerPooledStreamingEventProcessor(
                                group, c -> c.eventStore(), (c, builder) -> builder.batchSize(7)
                                        .initialSegmentCount(3));
                        processing.registerListenerInvocationErrorHandler(
                                group, c -> PropagatingErrorHandler.instance());
                    }
                    processing.registerEventHandler(c -> new TimelineProjection(database, catchUp));
                    processing.registerEventHandler(c -> new CustomerSummaryProjection(database, catchUp));
                    processing.registerEventHandler(c -> new RepPortfolioProjection(database, catchUp));
                })
                .buildConfiguration();
    }

    private static PooledStreamingEventProcessor processor(Configuration configuration, String group) {
        return configuration
                .eventProcessingConfiguration()
                .eventProcessor(group, PooledStreamingEventProcessor.class)
                .orElseThrow();
    }

    /** Waits until every processor's segments have handled every stored event and the read models show it. */
    private void awaitProjected(Configuration configuration, int storedEvents) {
        Map<String, Long> lastSequences = new HashMap<>();
        for (DomainEventMessage<?> event : log.all()) {
            lastSequences.merge(event.getAggregateIdentifier(), event.getSequenceNumber(), Math::max);
        }
        await(
                () -> GROUPS.stream().allMatch(group -> caughtUp(processor(configuration, group), storedEvents - 1)),
                () -> GROUPS.stream()
                        .map(group ->
                                group + "=" + processor(configuration, group).processingStatus())
                        .toList()
                        .toString());
        await(
                () -> {
                    for (int c = 0; c < CUSTOMERS; c++) {
                        String id = "cust-" + c;
                        for (String collection : List.of(
                                TimelineProjection.CUSTOMERS,
                                CustomerSummaryProjection.COLLECTION,
                                RepPortfolioProjection.CUSTOMERS)) {
                            Document document = mongo.database()
                                    .getCollection(collection)
                                    .find(new Document("_id", id))
                                    .first();
                            if (document == null
                                    || DocumentWorkingSet.lastSequence(document) != lastSequences.get(id)) {
                                return false;
                            }
                        }
                    }
                    return true;
                },
                () -> mongo.dump().toString());
    }

    private static boolean caughtUp(PooledStreamingEventProcessor processor, long lastIndex) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        assertThat(processor.isError())
                .as("processor %s failed", processor.getName())
                .isFalse();
        return status.size() == 3
                && status.values().stream()
                        .allMatch(
                                s -> !s.isErrorState() && s.getCurrentPosition().orElse(-1) >= lastIndex);
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("projections did not catch up within 30 s: " + diagnosis.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
