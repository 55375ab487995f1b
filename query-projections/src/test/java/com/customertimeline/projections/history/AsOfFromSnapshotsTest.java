package com.customertimeline.projections.history;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.complaint;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.kept;
import static com.customertimeline.projections.testsupport.Samples.promise;
import static com.customertimeline.projections.testsupport.Samples.purchase;
import static com.customertimeline.projections.testsupport.Samples.rated;
import static com.customertimeline.projections.testsupport.Samples.reassigned;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static com.customertimeline.projections.testsupport.Samples.resolved;
import static com.customertimeline.projections.testsupport.Samples.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.ReconstructCustomerSummary;
import com.customertimeline.domain.query.ReconstructHandoverBrief;
import com.customertimeline.domain.query.ReconstructTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.support.StateSnapshots;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.TestMongo;
import com.customertimeline.projections.timeline.TimelinePage;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * As-of views that start from the projections' copies must equal, field for field, a replay of the whole
 * prefix, at every kind of instant: before the first event, on and between recordings, just before and
 * after each copy, with a writer whose clock ran behind and with backdated imports.
 */
class AsOfFromSnapshotsTest {

    private static final String C = "cust-long";
    private static final String OTHER = "cust-other";

    /**
     * Events of the long history: three copies (every {@value StateSnapshots#EVERY}), a few backdated imports
     * and late writers. The expected views replay the whole prefix at every instant, so the test's time
     * grows with the square of this number.
     */
    private static final int HISTORY = 400;

    private EmbeddedEventStore eventStore;
    private TestMongo mongo;
    private AsOfReconstruction fromSnapshots;
    private AsOfReconstruction replayingEverything;
    private final List<DomainEventMessage<?>> recorded = new ArrayList<>();
    private final Set<Instant> instants = new TreeSet<>();

    @BeforeEach
    void start() {
        eventStore = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        mongo = new TestMongo();
        fromSnapshots = new AsOfReconstruction(eventStore, mongo.database());
        replayingEverything = AsOfReconstruction.replayingEverything(eventStore);
    }

    @AfterEach
    void stop() {
        fromSnapshots.destroy();
        replayingEverything.destroy();
        mongo.close();
        eventStore.shutDown();
    }

    @Test
    void everyViewAtEveryKindOfInstantEqualsAReplayOfTheWholePrefix() {
        history(HISTORY);
        // the live projections, fed in uneven batches as a processor would
        Deliver live =
                new Deliver(new CustomerSummaryProjection(mongo.database()), new TimelineProjection(mongo.database()));
        for (int from = 0; from < recorded.size(); from += 37) {
            live.batch(recorded.subList(from, Math.min(recorded.size(), from + 37)));
        }
        assertThat(mongo.database()
                        .getCollection(CustomerSummaryProjection.SNAPSHOTS)
                        .countDocuments(Filters.eq("customerId", C)))
                .as("copies of the long history's summary")
                .isEqualTo(HISTORY / StateSnapshots.EVERY);
        assertThat(mongo.database()
                        .getCollection(TimelineProjection.SNAPSHOTS)
                        .countDocuments(Filters.eq("customerId", C)))
                .isEqualTo(HISTORY / StateSnapshots.EVERY);

        int compared = 0;
        for (Instant asOf : instants) {
            for (String customer : List.of(C, OTHER)) {
                assertThat(fromSnapshots.handle(new ReconstructCustomerSummary(customer, asOf)))
                        .as("summary of %s as of %s", customer, asOf)
                        .isEqualTo(replayingEverything.handle(new ReconstructCustomerSummary(customer, asOf)));
                assertThat(fromSnapshots.handle(new ReconstructHandoverBrief(customer, asOf)))
                        .as("brief of %s as of %s", customer, asOf)
                        .isEqualTo(replayingEverything.handle(new ReconstructHandoverBrief(customer, asOf)));
                for (FindCustomerTimeline page : pages(customer)) {
                    TimelinePage expected = replayingEverything
                            .handle(new ReconstructTimeline(page, asOf))
                            .orElse(null);
                    assertThat(fromSnapshots
                                    .handle(new ReconstructTimeline(page, asOf))
                                    .orElse(null))
                            .as("timeline %s as of %s", page, asOf)
                            .isEqualTo(expected);
                    if (expected != null && expected.nextCursor() != null) {
                        FindCustomerTimeline next = new FindCustomerTimeline(
                                customer,
                                page.kinds(),
                                page.channels(),
                                page.repId(),
                                page.from(),
                                page.to(),
                                page.newestFirst(),
                                expected.nextCursor(),
                                page.limit());
                        assertThat(fromSnapshots.handle(new ReconstructTimeline(next, asOf)))
                                .as("the next page of %s as of %s", page, asOf)
                                .isEqualTo(replayingEverything.handle(new ReconstructTimeline(next, asOf)));
                    }
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(80);
        assertThat(fromSnapshots.handle(new ReconstructCustomerSummary(C, T0.minusSeconds(1))))
                .isEmpty();
        assertThat(fromSnapshots.handle(new ReconstructCustomerSummary(C, Instant.MAX.minusSeconds(1))))
                .hasValueSatisfying(summary -> assertThat(summary.version()).isEqualTo(HISTORY - 1));
    }

    private static List<FindCustomerTimeline> pages(String customer) {
        return List.of(
                new FindCustomerTimeline(customer, null, null, null, null, null, true, null, 50),
                new FindCustomerTimeline(customer, null, null, null, null, null, true, null, 200),
                new FindCustomerTimeline(customer, null, null, null, null, null, false, null, 200),
                new FindCustomerTimeline(
                        customer, Set.of(TimelineKind.PURCHASE), null, null, null, null, true, null, 20),
                new FindCustomerTimeline(customer, null, Set.of(Channel.EMAIL), null, null, null, true, null, 30));
    }

    /**
     * A long history of the customer, touching every kind of event, with a second customer's events in
     * between; every 50th event comes from a writer whose clock is three seconds behind, every 97th is a
     * backdated import.
     */
    private void history(int events) {
        Instant clock = T0;
        record(C, registered(C, "Long History Ltd", "rep-1", T0), clock);
        record(OTHER, registered(OTHER, "Other Ltd", "rep-1", T0), clock.plusMillis(1));
        instants.add(T0.minusSeconds(1));
        String owner = "rep-1";
        int openComplaint = -1;
        for (int i = 1; i < events; i++) {
            clock = clock.plusSeconds(60);
            Instant recordedAt = i % 50 == 0 ? clock.minusSeconds(3 * 60 + 1) : clock;
            Instant business = i % 97 == 0 ? T0.plus(Duration.ofDays(1)).plusSeconds(i) : recordedAt;
            Object payload;
            switch (i % 11) {
                case 0 -> payload = purchase(C, "o-" + i, String.valueOf(10 + i), i % 2 == 0 ? "CNY" : "EUR", business);
                case 1 -> payload = rated(C, "r-" + i, Channel.CHAT, 1 + i % 5, business);
                case 2 -> payload = promise(C, "p-" + i, business.plus(Duration.ofDays(3)), "Promise " + i, business);
                case 3 -> payload = kept(C, "p-" + (i - 1), business);
                case 4 -> {
                    openComplaint = i;
                    payload = complaint(C, "k-" + i, business);
                }
                case 5 -> payload = response(C, "k-" + openComplaint, true, business);
                case 6 -> payload = resolved(C, "k-" + openComplaint, 4, business);
                case 7 -> {
                    String next = owner.equals("rep-1") ? "rep-2" : "rep-1";
                    payload = reassigned(C, owner, next, business);
                    owner = next;
                }
                case 8 -> payload = new HandoverAcknowledged(C, owner, business);
                default -> payload = interaction(C, "i-" + i, Channel.EMAIL, Direction.INBOUND, business);
            }
            record(C, payload, recordedAt);
            if (i % 40 == 0) {
                record(
                        OTHER,
                        interaction(OTHER, "o-i-" + i, Channel.PHONE, Direction.OUTBOUND, recordedAt),
                        recordedAt);
            }
            if (i % 23 == 0 || Math.abs(i % StateSnapshots.EVERY - (StateSnapshots.EVERY - 1)) <= 1) {
                instants.add(recordedAt);
                instants.add(recordedAt.minusMillis(1));
                instants.add(recordedAt.plusSeconds(30));
            }
        }
        instants.add(clock.plusSeconds(3600));
    }

    private void record(String customerId, Object payload, Instant recordedAt) {
        long sequence = recorded.stream()
                .filter(e -> e.getAggregateIdentifier().equals(customerId))
                .count();
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(
                "Customer",
                customerId,
                sequence,
                payload,
                MetaData.emptyInstance(),
                customerId + "#" + sequence,
                recordedAt);
        recorded.add(message);
        eventStore.publish(message);
    }
}
