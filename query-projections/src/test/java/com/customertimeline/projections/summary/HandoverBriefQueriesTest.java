package com.customertimeline.projections.summary;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.complaint;
import static com.customertimeline.projections.testsupport.Samples.purchase;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.customertimeline.domain.customer.ComplaintFiled;
import com.customertimeline.domain.customer.ComplaintResolved;
import com.customertimeline.domain.customer.ComplaintResponded;
import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FollowUp;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.query.FindHandoverBrief;
import com.customertimeline.domain.query.FindPendingHandovers;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The handover brief and the pending-handovers list, read from summary documents that the real
 * projection built from a realistic history (delivered in batches as a streaming processor does).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HandoverBriefQueriesTest {

    private static final String C = "cust-h";
    private static final Instant RECORDED = Instant.parse("2026-03-01T00:00:00Z");
    /** The moment every brief of the main scenario is read, 30 days after registration. */
    private static final Instant NOW = day(30);

    private static final String NOTE = "Prefers calls on Mondays; the replacement pallet for k-1 is on its way";

    private TestMongo mongo;
    private Deliver deliver;
    private final EventLog log = new EventLog();

    @BeforeEach
    void start() {
        mongo = new TestMongo();
        deliver = new Deliver(new CustomerSummaryProjection(mongo.database()));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    private static Instant day(int n, Duration plus) {
        return day(n).plus(plus);
    }

    private static Duration hm(int hours, int minutes) {
        return Duration.ofHours(hours).plusMinutes(minutes);
    }

    /** Delivers the payloads of one customer as one batch, recorded one second apart. */
    private void given(String customerId, Object... payloads) {
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        for (Object payload : payloads) {
            batch.add(log.customer(
                    customerId, payload, RECORDED.plusSeconds(log.all().size())));
        }
        deliver.batch(batch);
    }

    private HandoverBriefQueries queriesAt(Instant now) {
        return new HandoverBriefQueries(mongo.database(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private HandoverBriefView briefAt(String customerId, Instant now) {
        return queriesAt(now).handle(new FindHandoverBrief(customerId)).orElseThrow();
    }

    private PendingHandoversView pendingFor(String repId, Instant now) {
        return queriesAt(now).handle(new FindPendingHandovers(repId));
    }

    private Document summaryDocument(String customerId) {
        return mongo.database()
                .getCollection(CustomerSummaryProjection.COLLECTION)
                .find(new Document("_id", customerId))
                .first();
    }

    private static InteractionRecorded talk(
            String customerId,
            String interactionId,
            Channel channel,
            Direction direction,
            String repId,
            String summary,
            Integer satisfaction,
            FollowUp followUp,
            Instant at) {
        return new InteractionRecorded(
                customerId, interactionId, channel, direction, repId, summary, satisfaction, followUp, at);
    }

    private static InteractionRecorded rating(String customerId, String interactionId, int score, Instant at) {
        return talk(customerId, interactionId, Channel.CHAT, Direction.INBOUND, "rep-a", "Chat", score, null, at);
    }

    private static CustomerReassigned handOver(String customerId, String from, String to, String note, Instant at) {
        return new CustomerReassigned(customerId, from, to, ReassignmentReason.TEAM_CHANGE, note, at);
    }

    /**
     * Thirty days of a customer owned by rep-a: conversations with ratings and two promises, purchases in
     * EUR and USD, a complaint answered late (24 h 1 min) and once more, a complaint answered on time (23 h
     * 59 min), a complaint resolved with a rating, then a handover to rep-b with a note.
     */
    private void history() {
        given(
                C,
                registered(C, "Hanna Holm", "rep-a", day(0)),
                talk(C, "i-1", Channel.PHONE, Direction.INBOUND, "rep-a", "Intro call", 4, null, day(1)),
                talk(
                        C,
                        "i-2",
                        Channel.EMAIL,
                        Direction.OUTBOUND,
                        "rep-a",
                        "Sent the price list",
                        null,
                        new FollowUp(day(25), "Send the revised quote"),
                        day(3)),
                talk(
                        C,
                        "i-3",
                        Channel.VISIT,
                        Direction.OUTBOUND,
                        "rep-a",
                        "Site visit",
                        5,
                        new FollowUp(day(40), "Quarterly review"),
                        day(5)),
                purchase(C, "o-1", "19.90", "EUR", day(6)),
                purchase(C, "o-2", "1250.50", "USD", day(8)));
        given(
                C,
                new ComplaintFiled(
                        C,
                        "k-1",
                        Channel.PHONE,
                        "delivery",
                        ComplaintSeverity.MEDIUM,
                        "Pallet arrived damaged",
                        "rep-a",
                        day(10)),
                new ComplaintResponded(C, "k-1", "rep-a", "Asked the carrier for photos", true, day(10, hm(24, 1))),
                new ComplaintResponded(C, "k-1", "rep-a", "Replacement pallet ordered", false, day(12)),
                new ComplaintFiled(
                        C,
                        "k-2",
                        Channel.EMAIL,
                        "billing",
                        ComplaintSeverity.LOW,
                        "Invoice lacks the PO number",
                        "rep-a",
                        day(13)),
                new ComplaintResponded(C, "k-2", "rep-a", "Corrected invoice follows", true, day(13, hm(23, 59))),
                complaint(C, "k-3", day(14)),
                new ComplaintResolved(C, "k-3", "rep-a", "Refunded the double charge", 5, day(15)),
                purchase(C, "o-3", "0.10", "EUR", day(16)),
                purchase(C, "o-4", "0.75", "USD", day(20)),
                talk(C, "i-4", Channel.CHAT, Direction.INBOUND, "rep-a", "Asked about delivery", 3, null, day(21)));
        given(C, handOver(C, "rep-a", "rep-b", NOTE, day(22)));
    }

    @Nested
    class The_brief {

        @Test
        void shows_who_the_customer_is_and_the_lifecycle_stage() {
            history();

            HandoverBriefView brief = briefAt(C, NOW);

            assertThat(brief.customerId()).isEqualTo(C);
            assertThat(brief.asOf()).isEqualTo(NOW);
            assertThat(brief.version()).isEqualTo(log.all().size() - 1);
            assertThat(brief.card().name()).isEqualTo("Hanna Holm");
            assertThat(brief.card().company()).isEqualTo("Hanna Holm Corp");
            assertThat(brief.card().contacts()).singleElement().satisfies(c -> assertThat(c.value())
                    .isEqualTo("hanna.holm@example.com"));
            assertThat(brief.stage()).isEqualTo(LifecycleStage.PURCHASING);
            assertThat(brief.stageSince()).isEqualTo(day(6));
        }

        @Test
        void shows_the_value_with_spend_per_currency_to_the_cent_and_the_last_purchase() {
            history();

            HandoverBriefView.Value value = briefAt(C, NOW).value();

            assertThat(value.purchaseCount()).isEqualTo(4);
            assertThat(value.totalSpend())
                    .containsExactly(
                            new Money(new BigDecimal("20.00"), "EUR"), new Money(new BigDecimal("1251.25"), "USD"));
            assertThat(value.totalSpend())
                    .extracting(m -> m.amount().toPlainString())
                    .containsExactly("20.00", "1251.25");
            assertThat(value.lastPurchase())
                    .isEqualTo(new HandoverBriefView.LastPurchase(
                            "o-4", day(20), new Money(new BigDecimal("0.75"), "USD")));
        }

        @Test
        void a_backdated_purchase_arriving_later_adds_to_the_spend_but_is_not_the_last_purchase() {
            history();
            given(C, purchase(C, "o-import", "5.05", "EUR", day(2)));

            HandoverBriefView.Value value = briefAt(C, NOW).value();

            assertThat(value.purchaseCount()).isEqualTo(5);
            assertThat(value.totalSpend())
                    .containsExactly(
                            new Money(new BigDecimal("25.05"), "EUR"), new Money(new BigDecimal("1251.25"), "USD"));
            assertThat(value.lastPurchase().orderId()).isEqualTo("o-4");
        }

        @Test
        void lists_only_the_open_complaints_with_their_response_history_oldest_first() {
            history();

            List<HandoverBriefView.OpenComplaint> complaints = briefAt(C, NOW).openComplaints();

            assertThat(complaints)
                    .extracting(HandoverBriefView.OpenComplaint::complaintId)
                    .containsExactly("k-1", "k-2");
            HandoverBriefView.OpenComplaint late = complaints.get(0);
            assertThat(late.channel()).isEqualTo(Channel.PHONE);
            assertThat(late.category()).isEqualTo("delivery");
            assertThat(late.severity()).isEqualTo(ComplaintSeverity.MEDIUM);
            assertThat(late.description()).isEqualTo("Pallet arrived damaged");
            assertThat(late.filedAt()).isEqualTo(day(10));
            assertThat(late.filedBy()).isEqualTo("rep-a");
            assertThat(late.ageHours()).isEqualTo(20 * 24);
            assertThat(late.firstResponseAt()).isEqualTo(day(10, hm(24, 1)));
            assertThat(late.responses())
                    .containsExactly(
                            new HandoverBriefView.Response(day(10, hm(24, 1)), "rep-a", "Asked the carrier for photos"),
                            new HandoverBriefView.Response(day(12), "rep-a", "Replacement pallet ordered"));
            HandoverBriefView.OpenComplaint onTime = complaints.get(1);
            assertThat(onTime.filedAt()).isEqualTo(day(13));
            assertThat(onTime.ageHours()).isEqualTo(17 * 24);
            assertThat(onTime.responses())
                    .containsExactly(
                            new HandoverBriefView.Response(day(13, hm(23, 59)), "rep-a", "Corrected invoice follows"));
        }

        @Test
        void a_first_answer_after_24_hours_1_minute_broke_the_promise_and_one_after_23_hours_59_minutes_did_not() {
            history();

            assertThat(briefAt(C, NOW).openComplaints())
                    .extracting(
                            HandoverBriefView.OpenComplaint::complaintId,
                            HandoverBriefView.OpenComplaint::firstResponsePromiseBroken)
                    .containsExactly(tuple("k-1", true), tuple("k-2", false));
        }

        @Test
        void an_unanswered_complaint_breaks_the_promise_only_once_more_than_24_hours_have_passed() {
            given(C, registered(C, "Hanna Holm", "rep-a", day(0)), complaint(C, "k-9", day(1)));

            assertThat(briefAt(C, day(1, hm(23, 59))).openComplaints())
                    .singleElement()
                    .satisfies(k -> {
                        assertThat(k.firstResponsePromiseBroken()).isFalse();
                        assertThat(k.firstResponseAt()).isNull();
                        assertThat(k.responses()).isEmpty();
                        assertThat(k.ageHours()).isEqualTo(23);
                    });
            assertThat(briefAt(C, day(2)).openComplaints())
                    .singleElement()
                    .satisfies(k -> assertThat(k.firstResponsePromiseBroken()).isFalse());
            assertThat(briefAt(C, day(1, hm(24, 1))).openComplaints())
                    .singleElement()
                    .satisfies(k -> {
                        assertThat(k.firstResponsePromiseBroken()).isTrue();
                        assertThat(k.ageHours()).isEqualTo(24);
                    });
        }

        @Test
        void lists_the_open_promises_overdue_first_then_by_due_date_whoever_made_them() {
            history();
            given(
                    C,
                    talk(
                            C,
                            "i-5",
                            Channel.PHONE,
                            Direction.OUTBOUND,
                            "rep-b",
                            "Introduced myself",
                            null,
                            new FollowUp(day(31), "Confirm the replacement arrived"),
                            day(23)));

            assertThat(briefAt(C, NOW).openFollowUps())
                    .containsExactly(
                            new CustomerSummaryView.Promise(
                                    "i-2", "Send the revised quote", day(25), day(3), "rep-a", true),
                            new CustomerSummaryView.Promise(
                                    "i-5", "Confirm the replacement arrived", day(31), day(23), "rep-b", false),
                            new CustomerSummaryView.Promise(
                                    "i-3", "Quarterly review", day(40), day(5), "rep-a", false));
        }

        @Test
        void lists_the_recent_interactions_newest_first_by_business_time() {
            history();

            assertThat(briefAt(C, NOW).recentInteractions())
                    .containsExactly(
                            new HandoverBriefView.RecentInteraction(
                                    "i-4",
                                    day(21),
                                    Channel.CHAT,
                                    Direction.INBOUND,
                                    "rep-a",
                                    "Asked about delivery",
                                    3),
                            new HandoverBriefView.RecentInteraction(
                                    "i-3", day(5), Channel.VISIT, Direction.OUTBOUND, "rep-a", "Site visit", 5),
                            new HandoverBriefView.RecentInteraction(
                                    "i-2",
                                    day(3),
                                    Channel.EMAIL,
                                    Direction.OUTBOUND,
                                    "rep-a",
                                    "Sent the price list",
                                    null),
                            new HandoverBriefView.RecentInteraction(
                                    "i-1", day(1), Channel.PHONE, Direction.INBOUND, "rep-a", "Intro call", 4));
        }

        @Test
        void keeps_only_the_20_most_recent_interactions_and_ratings_when_25_are_recorded_one_of_them_late() {
            given(C, registered(C, "Hanna Holm", "rep-a", day(0)));
            // 24 interactions on days 1..24, rated 1..5 in turn, in batches of 6 ...
            for (int from = 1; from <= 24; from += 6) {
                given(
                        C,
                        IntStream.range(from, from + 6)
                                .mapToObj(d -> rating(C, String.format("i-%02d", d), d % 5 + 1, day(d)))
                                .toArray());
            }
            // ... and one that happened on day 10 at noon but is recorded last (an import).
            given(C, rating(C, "i-late", 5, day(10, Duration.ofHours(12))));

            HandoverBriefView brief = briefAt(C, NOW);

            List<String> expected = new ArrayList<>();
            for (int d = 24; d >= 11; d--) {
                expected.add(String.format("i-%02d", d));
            }
            expected.add("i-late");
            for (int d = 10; d >= 6; d--) {
                expected.add(String.format("i-%02d", d));
            }
            assertThat(brief.recentInteractions())
                    .extracting(HandoverBriefView.RecentInteraction::interactionId)
                    .hasSize(CustomerSummaryProjection.RECENT)
                    .containsExactlyElementsOf(expected);
            assertThat(brief.satisfaction().recent())
                    .hasSize(CustomerSummaryProjection.RECENT)
                    .extracting(HandoverBriefView.Rating::at)
                    .isSortedAccordingTo(java.util.Comparator.reverseOrder())
                    .contains(day(10, Duration.ofHours(12)))
                    .doesNotContain(day(5));
            assertThat(brief.satisfaction().ratings()).isEqualTo(25);
            assertThat(summaryDocument(C).getInteger("interactionCount")).isEqualTo(25);
            // scores d % 5 + 1 for d = 1..24 sum to 74, plus the late 5
            assertThat(brief.satisfaction().average()).isEqualTo(79 / 25.0);
            // fives on days 4, 9, 14, 19, 24 plus the late one
            assertThat(brief.satisfaction().shareOfFives()).isEqualTo(6 / 25.0);
        }

        @Test
        void shows_average_share_of_fives_and_the_latest_ratings_from_interactions_and_resolved_complaints() {
            history();

            HandoverBriefView.Satisfaction satisfaction = briefAt(C, NOW).satisfaction();

            assertThat(satisfaction.ratings()).isEqualTo(4);
            assertThat(satisfaction.average()).isEqualTo(4.25);
            assertThat(satisfaction.shareOfFives()).isEqualTo(0.5);
            assertThat(satisfaction.trend()).isEqualTo("NOT_ENOUGH_RATINGS");
            assertThat(satisfaction.recent())
                    .containsExactly(
                            new HandoverBriefView.Rating(day(21), 3, "INTERACTION"),
                            new HandoverBriefView.Rating(day(15), 5, "COMPLAINT_RESOLVED"),
                            new HandoverBriefView.Rating(day(5), 5, "INTERACTION"),
                            new HandoverBriefView.Rating(day(1), 4, "INTERACTION"));
        }

        @Test
        void a_customer_without_ratings_has_no_average_and_no_share_of_fives() {
            given(C, registered(C, "Hanna Holm", "rep-a", day(0)));

            HandoverBriefView.Satisfaction satisfaction = briefAt(C, NOW).satisfaction();

            assertThat(satisfaction.ratings()).isZero();
            assertThat(satisfaction.average()).isNull();
            assertThat(satisfaction.shareOfFives()).isNull();
            assertThat(satisfaction.trend()).isEqualTo("NOT_ENOUGH_RATINGS");
            assertThat(satisfaction.recent()).isEmpty();
        }

        @Test
        void the_trend_follows_business_time_so_good_ratings_imported_late_but_older_make_it_declining() {
            given(C, registered(C, "Hanna Holm", "rep-a", day(0)));
            given(
                    C,
                    IntStream.rangeClosed(11, 15)
                            .mapToObj(d -> rating(C, "i-" + d, 2, day(d)))
                            .toArray());
            given(
                    C,
                    IntStream.rangeClosed(1, 5)
                            .mapToObj(d -> rating(C, "i-" + d, 5, day(d)))
                            .toArray());

            HandoverBriefView.Satisfaction satisfaction = briefAt(C, NOW).satisfaction();

            assertThat(satisfaction.trend()).isEqualTo("DECLINING");
            assertThat(satisfaction.recent())
                    .extracting(HandoverBriefView.Rating::score)
                    .containsExactly(2, 2, 2, 2, 2, 5, 5, 5, 5, 5);
        }

        @Test
        void the_trend_is_improving_when_the_latest_five_ratings_beat_the_five_before() {
            given(C, registered(C, "Hanna Holm", "rep-a", day(0)));
            given(
                    C,
                    IntStream.rangeClosed(1, 10)
                            .mapToObj(d -> rating(C, "i-" + d, d <= 5 ? 3 : 4, day(d)))
                            .toArray());

            assertThat(briefAt(C, NOW).satisfaction().trend()).isEqualTo("IMPROVING");
        }

        @Test
        void shows_the_ownership_chain_oldest_first_with_the_handover_note() {
            history();
            given(C, new CustomerReassigned(C, "rep-b", "rep-c", ReassignmentReason.WORKLOAD_BALANCING, null, day(28)));

            assertThat(briefAt(C, NOW).ownershipChain())
                    .containsExactly(
                            new HandoverBriefView.Ownership("rep-a", day(0), day(22), "TEAM_CHANGE", NOTE),
                            new HandoverBriefView.Ownership("rep-b", day(22), day(28), "WORKLOAD_BALANCING", null),
                            new HandoverBriefView.Ownership("rep-c", day(28), null, null, null));
        }

        @Test
        void a_customer_never_handed_over_has_a_one_link_chain_and_no_handover() {
            given(C, registered(C, "Hanna Holm", "rep-a", day(0)));

            HandoverBriefView brief = briefAt(C, NOW);

            assertThat(brief.ownershipChain())
                    .containsExactly(new HandoverBriefView.Ownership("rep-a", day(0), null, null, null));
            assertThat(brief.handover()).isNull();
        }

        @Test
        void shows_the_handover_pending_until_the_new_owner_acknowledges_it() {
            history();

            assertThat(briefAt(C, NOW).handover())
                    .isEqualTo(new CustomerSummaryView.Handover(
                            "rep-a", "rep-b", day(22), "TEAM_CHANGE", false, null, null));

            given(C, new HandoverAcknowledged(C, "rep-b", day(23)));

            assertThat(briefAt(C, NOW).handover())
                    .isEqualTo(new CustomerSummaryView.Handover(
                            "rep-a", "rep-b", day(22), "TEAM_CHANGE", true, day(23), "rep-b"));
            assertThat(summaryDocument(C).getBoolean("handoverPending")).isFalse();
        }

        @Test
        void an_unknown_customer_has_no_brief() {
            assertThat(queriesAt(NOW).handle(new FindHandoverBrief("nobody"))).isEmpty();
        }

        @Test
        void the_query_handler_and_the_static_builder_agree() {
            history();

            assertThat(briefAt(C, NOW)).isEqualTo(HandoverBriefQueries.toBrief(summaryDocument(C), NOW));
        }
    }

    @Nested
    class The_trend {

        private List<HandoverBriefView.Rating> newestFirst(int... scores) {
            List<HandoverBriefView.Rating> ratings = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                ratings.add(new HandoverBriefView.Rating(day(100 - i), scores[i], "INTERACTION"));
            }
            return ratings;
        }

        @Test
        void needs_at_least_six_ratings() {
            assertThat(HandoverBriefQueries.trend(newestFirst())).isEqualTo("NOT_ENOUGH_RATINGS");
            assertThat(HandoverBriefQueries.trend(newestFirst(5, 5, 5, 5, 5))).isEqualTo("NOT_ENOUGH_RATINGS");
            assertThat(HandoverBriefQueries.trend(newestFirst(5, 5, 5, 5, 5, 1)))
                    .isEqualTo("IMPROVING");
        }

        @Test
        void is_improving_when_the_latest_five_average_at_least_half_a_point_more_than_the_five_before() {
            // 4.6 against 4.0
            assertThat(HandoverBriefQueries.trend(newestFirst(5, 5, 5, 4, 4, 4, 4, 4, 4, 4)))
                    .isEqualTo("IMPROVING");
        }

        @Test
        void is_declining_when_the_latest_five_average_at_least_half_a_point_less_than_the_five_before() {
            // 2.6 against 4.0
            assertThat(HandoverBriefQueries.trend(newestFirst(2, 3, 3, 2, 3, 4, 4, 4, 4, 4)))
                    .isEqualTo("DECLINING");
            // 3.4 against 4.0
            assertThat(HandoverBriefQueries.trend(newestFirst(3, 3, 3, 4, 4, 4, 4, 4, 4, 4)))
                    .isEqualTo("DECLINING");
        }

        @Test
        void is_steady_when_the_averages_differ_by_less_than_half_a_point() {
            // 4.4 against 4.0 and 3.6 against 4.0
            assertThat(HandoverBriefQueries.trend(newestFirst(5, 5, 4, 4, 4, 4, 4, 4, 4, 4)))
                    .isEqualTo("STEADY");
            assertThat(HandoverBriefQueries.trend(newestFirst(3, 3, 4, 4, 4, 4, 4, 4, 4, 4)))
                    .isEqualTo("STEADY");
            assertThat(HandoverBriefQueries.trend(newestFirst(4, 4, 4, 4, 4, 4, 4, 4, 4, 4)))
                    .isEqualTo("STEADY");
        }

        @Test
        void ignores_ratings_older_than_the_ten_latest() {
            assertThat(HandoverBriefQueries.trend(newestFirst(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1, 1, 1, 1, 1)))
                    .isEqualTo("STEADY");
        }
    }

    @Nested
    class Pending_handovers {

        private void customers() {
            given("c-1", registered("c-1", "Carl", "rep-a", day(0)));
            given(
                    "c-1",
                    complaint("c-1", "k-1", day(1)),
                    talk(
                            "c-1",
                            "i-1",
                            Channel.PHONE,
                            Direction.OUTBOUND,
                            "rep-a",
                            "Call",
                            null,
                            new FollowUp(day(3), "Send samples"),
                            day(1)),
                    talk(
                            "c-1",
                            "i-2",
                            Channel.PHONE,
                            Direction.OUTBOUND,
                            "rep-a",
                            "Call",
                            null,
                            new FollowUp(day(60), "Renewal"),
                            day(1)),
                    handOver("c-1", "rep-a", "rep-b", "Samples are late", day(5)));
            given("c-2", registered("c-2", "Bea", "rep-a", day(0)), handOver("c-2", "rep-a", "rep-b", null, day(2)));
            given(
                    "c-3",
                    registered("c-3", "Ada", "rep-a", day(0)),
                    handOver("c-3", "rep-a", "rep-b", null, day(3)),
                    new HandoverAcknowledged("c-3", "rep-b", day(4)));
            given("c-4", registered("c-4", "Dan", "rep-b", day(0)));
            given("c-5", registered("c-5", "Eve", "rep-b", day(0)), handOver("c-5", "rep-b", "rep-c", null, day(1)));
        }

        @Test
        void lists_only_the_customers_the_rep_received_and_has_not_acknowledged_oldest_first() {
            customers();

            PendingHandoversView pending = pendingFor("rep-b", NOW);

            assertThat(pending.repId()).isEqualTo("rep-b");
            assertThat(pending.customers())
                    .containsExactly(
                            new PendingHandoversView.PendingHandover(
                                    "c-2", "Bea", "Bea Corp", "rep-a", "TEAM_CHANGE", day(2), 0, 0),
                            new PendingHandoversView.PendingHandover(
                                    "c-1", "Carl", "Carl Corp", "rep-a", "TEAM_CHANGE", day(5), 1, 1));
        }

        @Test
        void an_acknowledged_handover_disappears_from_the_list() {
            customers();

            given("c-2", new HandoverAcknowledged("c-2", "rep-b", day(6)));

            assertThat(pendingFor("rep-b", NOW).customers())
                    .extracting(PendingHandoversView.PendingHandover::customerId)
                    .containsExactly("c-1");
        }

        @Test
        void a_customer_passed_on_before_acknowledging_is_pending_only_for_the_latest_owner() {
            customers();

            given("c-1", handOver("c-1", "rep-b", "rep-c", null, day(7)));

            assertThat(pendingFor("rep-b", NOW).customers())
                    .extracting(PendingHandoversView.PendingHandover::customerId)
                    .containsExactly("c-2");
            assertThat(pendingFor("rep-c", NOW).customers())
                    .extracting(
                            PendingHandoversView.PendingHandover::customerId,
                            PendingHandoversView.PendingHandover::fromRepId,
                            PendingHandoversView.PendingHandover::receivedAt)
                    .containsExactly(tuple("c-5", "rep-b", day(1)), tuple("c-1", "rep-b", day(7)));
        }

        @Test
        void acknowledgements_of_several_customers_in_one_batch_load_their_summaries_with_one_query() {
            customers();
            mongo.clearCommands();

            deliver.batch(
                    log.customer("c-1", new HandoverAcknowledged("c-1", "rep-b", day(6)), RECORDED.plusSeconds(100)),
                    log.customer("c-2", new HandoverAcknowledged("c-2", "rep-b", day(6)), RECORDED.plusSeconds(101)),
                    log.customer("c-5", new HandoverAcknowledged("c-5", "rep-c", day(6)), RECORDED.plusSeconds(102)));

            assertThat(mongo.commands())
                    .containsExactly(
                            "find " + CustomerSummaryProjection.COLLECTION,
                            "update " + CustomerSummaryProjection.COLLECTION);
            assertThat(pendingFor("rep-b", NOW).customers()).isEmpty();
            assertThat(pendingFor("rep-c", NOW).customers()).isEmpty();
        }

        @Test
        void an_acknowledgement_without_a_handover_fails_instead_of_being_ignored() {
            customers();

            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> given("c-4", new HandoverAcknowledged("c-4", "rep-b", day(6))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("customer c-4 has no handover to acknowledge");
            assertThat(summaryDocument("c-4").getLong("lastSequence")).isZero();
        }

        @Test
        void customers_never_reassigned_are_not_listed() {
            customers();

            assertThat(pendingFor("rep-a", NOW).customers()).isEmpty();
            assertThat(pendingFor("rep-nobody", NOW).customers()).isEmpty();
            assertThat(summaryDocument("c-4").getBoolean("handoverPending")).isFalse();
        }
    }
}
