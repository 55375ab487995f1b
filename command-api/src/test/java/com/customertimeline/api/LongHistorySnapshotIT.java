package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.app.backpressure.ProjectionBackPressure;
import com.customertimeline.domain.customer.Customer;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.support.PostgresBackedServiceIT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A customer with 100,000 events: after the first full load the aggregate is snapshotted, and later
 * loads read the snapshot plus at most the threshold's worth of events instead of the whole history.
 */
class LongHistorySnapshotIT extends PostgresBackedServiceIT {

    private static final int HISTORY = 100_000;

    @Autowired
    EventStore eventStore;

    @Autowired
    @Qualifier("customerCache")
    Cache customerCache;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProjectionBackPressure backPressure;

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
        importHistory(customer, rep);
        awaitReadSide(Duration.ofMinutes(5));
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

    /**
     * The import bypasses the command API, so back-pressure did not pace it: the read side now has
     * 100,000 events to work off, and commands wait until it has (as they would after a real
     * migration). On a slow machine that takes longer than a command may wait, so the test waits here.
     */
    private void awaitReadSide(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (backPressure.backlog() > backPressure.limit()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the read side is still " + backPressure.backlog() + " events behind");
            }
            Thread.sleep(100);
        }
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
