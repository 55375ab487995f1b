package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.Customer;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.support.EmbeddedPostgresSupport;
import com.customertimeline.support.ServiceTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A customer with 100,000 events: after the first full load the aggregate is snapshotted, and later
 * loads read the snapshot plus at most the threshold's worth of events instead of the whole history.
 *
 * <p>The history is written straight into an event store of its own, and the service around it is closed
 * after the test: the snapshot is a matter of the write side, and in the shared store these 100,000
 * events would make every later replay and verification of the shared history work them off again.
 * The event processors are stopped before the import, so that loading the aggregate competes with
 * nothing for the two cores of a CI machine, and back-pressure is off, so the command after the import
 * is not held for the read side (BackPressureIT covers back-pressure).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LongHistorySnapshotIT extends ServiceTestBase {

    private static final int HISTORY = 100_000;

    private static final String DATABASE = EmbeddedPostgresSupport.newDatabase("long");

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws Exception {
        storage(registry, DATABASE);
        registry.add("timeline.back-pressure.enabled", () -> "false");
    }

    @Autowired
    EventStore eventStore;

    @Autowired
    @Qualifier("customerCache")
    Cache customerCache;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void customerWith100000EventsIsSnapshottedAndReloadsFromTheSnapshot() throws Exception {
        String rep = unique("rep");
        String customer = unique("long");
        http.post("/api/v1/reps", "{\"repId\":\"%s\",\"displayName\":\"Lea\"}".formatted(rep));
        http.post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","card":{"name":"Long History AG"}}"""
                        .formatted(customer, rep));
        processing.eventProcessors().values().forEach(EventProcessor::shutDown);
        importHistory(customer, rep);
        customerCache.removeAll();

        var afterImport = http.post("/api/v1/customers/" + customer + "/interactions", interaction(rep));
        assertThat(afterImport.status()).isEqualTo(201);
        assertThat(afterImport.json().get("version").asLong()).isEqualTo(HISTORY);

        awaitSnapshot(customer, Duration.ofSeconds(60));
        List<? extends DomainEventMessage<?>> loadStream =
                eventStore.readEvents(customer).asStream().toList();
        assertThat(loadStream.get(0).getPayloadType()).isEqualTo(Customer.class);
        assertThat(loadStream).hasSizeLessThanOrEqualTo(101);

        customerCache.removeAll();
        var afterSnapshot = http.post("/api/v1/customers/" + customer + "/interactions", interaction(rep));
        assertThat(afterSnapshot.json().get("version").asLong()).isEqualTo(HISTORY + 1);
    }

    private static String interaction(String rep) {
        return """
                {"channel":"EMAIL","direction":"OUTBOUND","repId":"%s","summary":"Monthly statement"}"""
                .formatted(rep);
    }

    /** Imports old history straight into the event store, as a migration from another CRM would. */
    private void importHistory(String customer, String rep) {
        Instant start = Instant.parse("2015-01-01T00:00:00Z");
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (long sequence = 1; sequence < HISTORY; sequence++) {
            InteractionRecorded event = new InteractionRecorded(
                    customer,
                    "imported-" + sequence,
                    Channel.values()[(int) (sequence % Channel.values().length)],
                    sequence % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND,
                    rep,
                    "Imported interaction " + sequence,
                    null,
                    null,
                    start.plusSeconds(sequence * 60));
            batch.add(new GenericDomainEventMessage<>("Customer", customer, sequence, event, MetaData.emptyInstance()));
            if (batch.size() == 5_000) {
                eventStore.publish(batch);
                batch.clear();
            }
        }
        eventStore.publish(batch);
    }

    private void awaitSnapshot(String customer, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Integer snapshots = jdbc.queryForObject(
                    "SELECT count(*) FROM SnapshotEventEntry WHERE aggregateIdentifier = ?", Integer.class, customer);
            if (snapshots != null && snapshots > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no snapshot of " + customer + " within " + timeout);
    }
}
