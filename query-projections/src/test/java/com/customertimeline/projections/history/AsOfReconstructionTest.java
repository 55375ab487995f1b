package com.customertimeline.projections.history;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.complaint;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.promise;
import static com.customertimeline.projections.testsupport.Samples.purchase;
import static com.customertimeline.projections.testsupport.Samples.reassigned;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static com.customertimeline.projections.testsupport.Samples.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.ReconstructCustomerSummary;
import com.customertimeline.domain.query.ReconstructTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.summary.CustomerSummaryQueries;
import com.customertimeline.projections.summary.CustomerSummaryView;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.TestMongo;
import com.customertimeline.projections.timeline.TimelinePage;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.customertimeline.projections.timeline.TimelineQueries;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Reconstructions from an Axon event store whose events carry chosen recording timestamps. Business
 * times (occurredAt) and recording times differ on purpose: one event is a backdated import, recorded
 * long after the business time it describes.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AsOfReconstructionTest {

    private static final String C = "cust-a";

    private EmbeddedEventStore eventStore;
    private AsOfReconstruction reconstruction;
    private final List<DomainEventMessage<?>> published = new ArrayList<>();

    @BeforeEach
    void start() {
        eventStore = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        reconstruction = AsOfReconstruction.replayingEverything(eventStore);
    }

    @AfterEach
    void stop() {
        reconstruction.destroy();
        eventStore.shutDown();
    }

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    /** When the event store recorded the event of day n: five minutes after the business time. */
    private static Instant recordedOn(int n) {
        return day(n).plus(Duration.ofMinutes(5));
    }

    private void record(String customerId, Object payload, Instant recordedAt) {
        long sequence = published.stream()
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
        published.add(message);
        eventStore.publish(message);
    }

    /**
     * seq 0 registered (day 0), 1 inbound call (day 2), 2 promise due day 8 (day 4), 3 purchase (day 10),
     * 4 backdated import of an e-mail from day 1 recorded on day 20, 5 complaint (day 21), 6 response
     * (day 22), 7 reassignment to rep-2 (day 25), 8 acknowledgement (day 26).
     */
    private void history() {
        record(C, registered(C, "Asta Alm", "rep-1", day(0)), recordedOn(0));
        record(C, interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, day(2)), recordedOn(2));
        record(C, promise(C, "i-2", day(8), "Send the quote", day(4)), recordedOn(4));
        record(C, purchase(C, "o-1", "100.00", "EUR", day(10)), recordedOn(10));
        record(C, interaction(C, "i-0", Channel.EMAIL, Direction.INBOUND, day(1)), recordedOn(20));
        record(C, complaint(C, "k-1", day(21)), recordedOn(21));
        record(C, response(C, "k-1", true, day(22)), recordedOn(22));
        record(C, reassigned(C, "rep-1", "rep-2", day(25)), recordedOn(25));
        record(C, new HandoverAcknowledged(C, "rep-2", day(26)), recordedOn(26));
    }

    private Optional<CustomerSummaryView> summaryAsOf(Instant asOf) {
        return reconstruction.handle(new ReconstructCustomerSummary(C, asOf));
    }

    private static FindCustomerTimeline allOldestFirst(String customerId) {
        return new FindCustomerTimeline(customerId, null, null, null, null, null, false, null, 200);
    }

    private Optional<TimelinePage> timelineAsOf(FindCustomerTimeline page, Instant asOf) {
        return reconstruction.handle(new ReconstructTimeline(page, asOf));
    }

    @Test
    void a_summary_as_of_an_instant_between_two_recordings_shows_only_the_earlier_events() {
        history();

        CustomerSummaryView summary = summaryAsOf(day(6)).orElseThrow();

        assertThat(summary.asOf()).isEqualTo(day(6));
        assertThat(summary.version()).isEqualTo(2);
        assertThat(summary.interactionCount()).isEqualTo(2);
        assertThat(summary.purchaseCount()).isZero();
        assertThat(summary.totalSpend()).isEmpty();
        assertThat(summary.openComplaints()).isEmpty();
        assertThat(summary.owner().repId()).isEqualTo("rep-1");
        assertThat(summary.lastHandover()).isNull();
        assertThat(summary.stage()).isEqualTo(LifecycleStage.INTENTIONAL);
    }

    @Test
    void time_derived_fields_are_computed_as_of_the_instant_not_as_of_today() {
        history();

        CustomerSummaryView onDay6 = summaryAsOf(day(6)).orElseThrow();
        CustomerSummaryView onDay9 = summaryAsOf(day(9)).orElseThrow();

        assertThat(onDay6.lastContact().at()).isEqualTo(day(4));
        assertThat(onDay6.lastContact().daysSince()).isEqualTo(2);
        assertThat(onDay9.lastContact().daysSince()).isEqualTo(5);
        assertThat(onDay6.openFollowUps()).singleElement().satisfies(p -> assertThat(p.overdue())
                .isFalse());
        assertThat(onDay6.overdueFollowUps()).isZero();
        assertThat(onDay9.openFollowUps()).singleElement().satisfies(p -> assertThat(p.overdue())
                .isTrue());
        assertThat(onDay9.overdueFollowUps()).isEqualTo(1);
        assertThat(onDay9.version()).isEqualTo(onDay6.version());
    }

    @Test
    void the_historical_stage_is_derived_as_of_the_instant() {
        history();

        // the latest activity is the complaint on day 21 (a customer who complains still cares); dormancy
        // means more than 365 days without a purchase, interaction or complaint
        assertThat(summaryAsOf(day(386)).orElseThrow().stage()).isEqualTo(LifecycleStage.PURCHASING);
        assertThat(summaryAsOf(day(386).plusSeconds(1)).orElseThrow().stage()).isEqualTo(LifecycleStage.HISTORICAL);
        assertThat(summaryAsOf(recordedOn(10)).orElseThrow().stage()).isEqualTo(LifecycleStage.PURCHASING);
    }

    @Test
    void a_long_history_is_replayed_in_several_batches() {
        record(C, registered(C, "Asta Alm", "rep-1", day(0)), recordedOn(0));
        for (int i = 1; i <= 1200; i++) {
            record(
                    C,
                    interaction(C, "i-" + i, Channel.EMAIL, Direction.OUTBOUND, day(1).plusSeconds(i)),
                    recordedOn(1).plusSeconds(i));
        }

        CustomerSummaryView all = summaryAsOf(recordedOn(2)).orElseThrow();
        CustomerSummaryView part = summaryAsOf(recordedOn(1).plusSeconds(777)).orElseThrow();

        assertThat(all.version()).isEqualTo(1200);
        assertThat(all.interactionCount()).isEqualTo(1200);
        assertThat(part.version()).isEqualTo(777);
        assertThat(part.interactionsByChannel()).containsEntry(Channel.EMAIL, 777);
        assertThat(timelineAsOf(allOldestFirst(C), recordedOn(2)).orElseThrow().version())
                .isEqualTo(1200);
    }

    @Test
    void a_complaint_is_late_in_a_reconstruction_only_if_no_answer_had_been_recorded_within_24_hours() {
        history();

        Instant dayAfterFiling = day(22).minusSeconds(1);
        CustomerSummaryView stillInTime = summaryAsOf(dayAfterFiling).orElseThrow();
        CustomerSummaryView lateBeforeTheAnswerWasRecorded =
                summaryAsOf(recordedOn(22).minusMillis(1)).orElseThrow();
        CustomerSummaryView afterTheAnswer = summaryAsOf(recordedOn(22)).orElseThrow();

        assertThat(stillInTime.openComplaints()).singleElement().satisfies(k -> {
            assertThat(k.firstResponseLate()).isFalse();
            assertThat(k.ageHours()).isEqualTo(23);
        });
        assertThat(lateBeforeTheAnswerWasRecorded.openComplaints())
                .singleElement()
                .satisfies(k -> assertThat(k.firstResponseLate()).isTrue());
        assertThat(afterTheAnswer.openComplaints()).singleElement().satisfies(k -> {
            assertThat(k.firstResponseAt()).isEqualTo(day(22));
            assertThat(k.firstResponseLate()).isFalse();
        });
    }

    @Test
    void a_backdated_import_is_absent_before_its_recording_and_present_from_it_on() {
        history();

        CustomerSummaryView before = summaryAsOf(recordedOn(20).minusMillis(1)).orElseThrow();
        CustomerSummaryView at = summaryAsOf(recordedOn(20)).orElseThrow();

        assertThat(before.version()).isEqualTo(3);
        assertThat(before.interactionCount()).isEqualTo(2);
        assertThat(before.interactionsByChannel()).doesNotContainKey(Channel.EMAIL);
        assertThat(before.purchaseCount()).isEqualTo(1);
        assertThat(at.version()).isEqualTo(4);
        assertThat(at.interactionCount()).isEqualTo(3);
        assertThat(at.interactionsByChannel()).containsEntry(Channel.EMAIL, 1);
        // the import happened on day 1, before the latest contact, so the latest contact is unchanged
        assertThat(at.lastContact().at()).isEqualTo(before.lastContact().at());

        assertThat(timelineAsOf(allOldestFirst(C), recordedOn(20).minusMillis(1))
                        .orElseThrow()
                        .entries())
                .extracting(TimelinePage.Entry::detail)
                .noneMatch(detail -> "i-0".equals(detail.get("interactionId")));
        assertThat(timelineAsOf(allOldestFirst(C), recordedOn(20)).orElseThrow().entries())
                .extracting(TimelinePage.Entry::sequence)
                .containsExactly(0L, 4L, 1L, 2L, 3L);
    }

    @Test
    void before_the_registration_was_recorded_there_is_nothing_to_reconstruct() {
        history();

        Instant justBefore = recordedOn(0).minusMillis(1);

        assertThat(summaryAsOf(justBefore)).isEmpty();
        assertThat(timelineAsOf(allOldestFirst(C), justBefore)).isEmpty();
        assertThat(summaryAsOf(day(0))).isEmpty();
        assertThat(summaryAsOf(recordedOn(0))).get().satisfies(s -> {
            assertThat(s.version()).isZero();
            assertThat(s.registeredAt()).isEqualTo(day(0));
        });
    }

    @Test
    void an_unknown_customer_has_no_reconstruction() {
        history();

        assertThat(reconstruction.handle(new ReconstructCustomerSummary("nobody", day(100))))
                .isEmpty();
        assertThat(timelineAsOf(allOldestFirst("nobody"), day(100))).isEmpty();
    }

    @Test
    void a_timeline_as_of_an_instant_lists_only_the_entries_recorded_by_then() {
        history();
        Instant asOf = recordedOn(21);

        TimelinePage page = timelineAsOf(allOldestFirst(C), asOf).orElseThrow();

        assertThat(page.version()).isEqualTo(5);
        assertThat(page.entries())
                .extracting(TimelinePage.Entry::kind)
                .containsExactly(
                        TimelineKind.REGISTERED,
                        TimelineKind.INTERACTION,
                        TimelineKind.INTERACTION,
                        TimelineKind.INTERACTION,
                        TimelineKind.PURCHASE,
                        TimelineKind.COMPLAINT_FILED);
        assertThat(page.entries())
                .extracting(TimelinePage.Entry::recordedAt)
                .allSatisfy(recordedAt -> assertThat(recordedAt).isBeforeOrEqualTo(asOf));
        assertThat(timelineAsOf(
                                new FindCustomerTimeline(
                                        C,
                                        Set.of(TimelineKind.REASSIGNED, TimelineKind.HANDOVER_ACKNOWLEDGED),
                                        null,
                                        null,
                                        null,
                                        null,
                                        true,
                                        null,
                                        50),
                                asOf)
                        .orElseThrow()
                        .entries())
                .isEmpty();
        assertThat(timelineAsOf(
                                new FindCustomerTimeline(
                                        C,
                                        Set.of(TimelineKind.REASSIGNED, TimelineKind.HANDOVER_ACKNOWLEDGED),
                                        null,
                                        null,
                                        null,
                                        null,
                                        true,
                                        null,
                                        50),
                                recordedOn(26))
                        .orElseThrow()
                        .entries())
                .extracting(TimelinePage.Entry::kind)
                .containsExactly(TimelineKind.HANDOVER_ACKNOWLEDGED, TimelineKind.REASSIGNED);
    }

    @Test
    void a_timeline_reconstruction_pages_with_a_cursor_like_the_live_timeline() {
        history();
        FindCustomerTimeline firstPage = new FindCustomerTimeline(C, null, null, null, null, null, true, null, 3);

        TimelinePage first = timelineAsOf(firstPage, recordedOn(26)).orElseThrow();
        TimelinePage second = timelineAsOf(
                        new FindCustomerTimeline(C, null, null, null, null, null, true, first.nextCursor(), 3),
                        recordedOn(26))
                .orElseThrow();

        assertThat(first.entries()).extracting(TimelinePage.Entry::sequence).containsExactly(8L, 7L, 6L);
        assertThat(second.entries()).extracting(TimelinePage.Entry::sequence).containsExactly(5L, 3L, 2L);
    }

    @Test
    void as_of_the_last_recording_the_reconstruction_equals_the_live_read_model_built_from_the_same_events() {
        history();
        Instant asOf = recordedOn(26);
        try (TestMongo live = new TestMongo()) {
            Deliver deliver = new Deliver(
                    new CustomerSummaryProjection(live.database()), new TimelineProjection(live.database()));
            deliver.batch(published.subList(0, 4));
            deliver.batch(published.subList(4, published.size()));
            Document liveSummary = live.database()
                    .getCollection(CustomerSummaryProjection.COLLECTION)
                    .find(new Document("_id", C))
                    .first();
            CustomerSummaryView expected = CustomerSummaryQueries.toView(liveSummary, asOf);
            TimelinePage expectedTimeline = new TimelineQueries(live.database())
                    .handle(allOldestFirst(C))
                    .orElseThrow();

            CustomerSummaryView reconstructed = summaryAsOf(asOf).orElseThrow();

            assertThat(reconstructed).isEqualTo(expected);
            assertThat(reconstructed.version()).isEqualTo(8);
            assertThat(reconstructed.totalSpend()).containsExactly(new Money(new BigDecimal("100.00"), "EUR"));
            assertThat(reconstructed.lastHandover().acknowledgedBy()).isEqualTo("rep-2");
            assertThat(timelineAsOf(allOldestFirst(C), asOf)).contains(expectedTimeline);
            assertThat(summaryAsOf(day(365))).contains(CustomerSummaryQueries.toView(liveSummary, day(365)));
        }
    }

    @Test
    void a_reconstruction_asked_through_the_query_bus_answers_like_a_direct_call() {
        // The read API asks through the query gateway; Axon's query bus runs every handler inside a unit of
        // work of its own, so the replay's batches are nested units of work.
        history();
        org.axonframework.queryhandling.SimpleQueryBus queryBus =
                org.axonframework.queryhandling.SimpleQueryBus.builder().build();
        new org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter<>(reconstruction)
                .subscribe(queryBus);
        org.axonframework.queryhandling.QueryGateway gateway =
                org.axonframework.queryhandling.DefaultQueryGateway.builder()
                        .queryBus(queryBus)
                        .build();
        Instant asOf = recordedOn(21);

        Optional<CustomerSummaryView> summary = gateway.query(
                        new ReconstructCustomerSummary(C, asOf),
                        org.axonframework.messaging.responsetypes.ResponseTypes.optionalInstanceOf(
                                CustomerSummaryView.class))
                .join();
        Optional<TimelinePage> timeline = gateway.query(
                        new ReconstructTimeline(allOldestFirst(C), asOf),
                        org.axonframework.messaging.responsetypes.ResponseTypes.optionalInstanceOf(TimelinePage.class))
                .join();

        assertThat(summary).isEqualTo(summaryAsOf(asOf)).get().satisfies(s -> assertThat(s.version())
                .isEqualTo(5));
        assertThat(timeline).isEqualTo(timelineAsOf(allOldestFirst(C), asOf));
        assertThat(timeline).get().satisfies(t -> assertThat(t.entries()).hasSize(6));
    }

    @Test
    void concurrent_reconstructions_at_different_instants_each_get_their_own_answer() throws Exception {
        history();
        List<Instant> instants = List.of(recordedOn(2), recordedOn(4), recordedOn(10), recordedOn(20), recordedOn(26));
        List<Long> expectedVersions = List.of(1L, 2L, 3L, 4L, 8L);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(5);
        try {
            List<java.util.concurrent.Future<CustomerSummaryView>> answers = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (Instant asOf : instants) {
                    answers.add(callers.submit(() -> summaryAsOf(asOf).orElseThrow()));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                CustomerSummaryView answer = answers.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer.asOf()).isEqualTo(instants.get(i % instants.size()));
                assertThat(answer.version()).isEqualTo(expectedVersions.get(i % instants.size()));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void a_stream_the_projections_cannot_apply_fails_instead_of_answering_with_a_partial_summary() {
        record("cust-x", interaction("cust-x", "i-1", Channel.PHONE, Direction.INBOUND, day(1)), recordedOn(1));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> reconstruction.handle(new ReconstructCustomerSummary("cust-x", recordedOn(2))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reconstruct from event 0");
    }

    @Test
    void other_customers_events_do_not_leak_into_a_reconstruction() {
        history();
        record("cust-b", registered("cust-b", "Bo Berg", "rep-1", day(0)), recordedOn(1));
        record("cust-b", interaction("cust-b", "i-1", Channel.SMS, Direction.INBOUND, day(3)), recordedOn(3));

        assertThat(summaryAsOf(recordedOn(26)).orElseThrow().interactionsByChannel())
                .doesNotContainKey(Channel.SMS);
        assertThat(reconstruction.handle(new ReconstructCustomerSummary("cust-b", recordedOn(26))))
                .get()
                .satisfies(b -> {
                    assertThat(b.version()).isEqualTo(1);
                    assertThat(b.interactionsByChannel()).containsExactlyEntriesOf(java.util.Map.of(Channel.SMS, 1));
                });
    }
}
