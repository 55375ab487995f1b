package com.customertimeline.projections.summary;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.customer.CustomerRegistered;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.ContactType;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FieldChange;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.query.FindCustomerSummary;
import com.customertimeline.domain.query.SearchCustomers;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CustomerSummaryProjectionTest {

    private static final String C = "cust-1";

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

    private DomainEventMessage<?> event(Object payload) {
        return log.customer(C, payload, T0.plusSeconds(log.all().size()));
    }

    private void given(Object... payloads) {
        for (Object payload : payloads) {
            deliver.batch(event(payload));
        }
    }

    private CustomerSummaryView summaryAt(Instant now) {
        return new CustomerSummaryQueries(mongo.database(), Clock.fixed(now, ZoneOffset.UTC))
                .handle(new FindCustomerSummary(C))
                .orElseThrow();
    }

    @Test
    void registration_creates_the_summary_with_card_owner_and_stage() {
        given(registered(C, "Anna Berg", "rep-1", T0));

        CustomerSummaryView summary = summaryAt(T0.plus(Duration.ofDays(1)));

        assertThat(summary.customerId()).isEqualTo(C);
        assertThat(summary.version()).isZero();
        assertThat(summary.card().name()).isEqualTo("Anna Berg");
        assertThat(summary.card().contacts()).extracting(ContactPoint::value).containsExactly("anna.berg@example.com");
        assertThat(summary.owner()).isEqualTo(new CustomerSummaryView.Owner("rep-1", T0));
        assertThat(summary.previousOwners()).isEmpty();
        assertThat(summary.stage()).isEqualTo(LifecycleStage.POTENTIAL);
        assertThat(summary.lastContact()).isNull();
        assertThat(summary.totalSpend()).isEmpty();
        assertThat(summary.averageSatisfaction()).isNull();
    }

    @Test
    void an_unknown_customer_has_no_summary() {
        assertThat(new CustomerSummaryQueries(mongo.database(), Clock.systemUTC())
                        .handle(new FindCustomerSummary("nobody")))
                .isEmpty();
    }

    @Test
    void card_updates_change_only_the_changed_fields() {
        given(
                registered(C, "Anna Berg", "rep-1", T0),
                new CustomerCardUpdated(
                        C,
                        new FieldChange<>("Anna Berg", "Anna Lind"),
                        null,
                        new FieldChange<>("Buyer", null),
                        null,
                        new FieldChange<>(List.of(), List.of(new ContactPoint(ContactType.PHONE, "+4670111", null))),
                        "rep-1",
                        T0.plusSeconds(60)));

        CustomerSummaryView summary = summaryAt(T0.plusSeconds(120));

        assertThat(summary.card().name()).isEqualTo("Anna Lind");
        assertThat(summary.card().company()).isEqualTo("Anna Berg Corp");
        assertThat(summary.card().position()).isNull();
        assertThat(summary.card().addresses()).hasSize(1);
        assertThat(summary.card().contacts()).extracting(ContactPoint::value).containsExactly("+4670111");
        assertThat(summary.version()).isEqualTo(1);
    }

    @Test
    void an_event_for_a_customer_without_summary_fails_instead_of_being_dropped() {
        assertThatThrownBy(() -> given(interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no summary for customer cust-1");
    }

    @Test
    void redelivered_and_replayed_events_are_applied_once() {
        List<DomainEventMessage<?>> events = List.of(
                event(registered(C, "Anna Berg", "rep-1", T0)),
                event(interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(10))),
                event(purchase(C, "o-1", "10.00", "EUR", T0.plusSeconds(20))));
        deliver.batch(events);
        deliver.batch(events.get(1), events.get(1), events.get(2));
        deliver.oneByOne(events);

        CustomerSummaryView summary = summaryAt(T0.plusSeconds(30));

        assertThat(summary.interactionCount()).isEqualTo(1);
        assertThat(summary.purchaseCount()).isEqualTo(1);
        assertThat(summary.totalSpend()).containsExactly(new Money(new BigDecimal("10.00"), "EUR"));
        assertThat(summary.version()).isEqualTo(2);
    }

    @Test
    void a_batch_of_events_is_written_with_one_bulk_write() {
        deliver.batch(List.of(
                event(registered(C, "Anna Berg", "rep-1", T0)),
                event(interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(1))),
                event(interaction(C, "i-2", Channel.EMAIL, Direction.OUTBOUND, T0.plusSeconds(2))),
                event(purchase(C, "o-1", "5.00", "EUR", T0.plusSeconds(3)))));
        mongo.clearCommands();

        deliver.batch(List.of(
                event(interaction(C, "i-3", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(4))),
                event(interaction(C, "i-4", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(5))),
                event(purchase(C, "o-2", "5.00", "EUR", T0.plusSeconds(6))),
                event(complaint(C, "c-1", T0.plusSeconds(7)))));

        assertThat(mongo.commands())
                .containsExactly(
                        "find " + CustomerSummaryProjection.COLLECTION,
                        "update " + CustomerSummaryProjection.COLLECTION);
        assertThat(summaryAt(T0.plusSeconds(8)).interactionCount()).isEqualTo(4);
    }

    @Nested
    class Lifecycle_stage {

        @Test
        void an_outbound_interaction_leaves_a_potential_customer_potential() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    interaction(C, "i-1", Channel.PHONE, Direction.OUTBOUND, T0));

            assertThat(summaryAt(T0.plusSeconds(60)).stage()).isEqualTo(LifecycleStage.POTENTIAL);
        }

        @Test
        void a_first_inbound_interaction_makes_a_potential_customer_intentional() {
            Instant at = T0.plus(Duration.ofDays(3));
            given(registered(C, "Anna Berg", "rep-1", T0), interaction(C, "i-1", Channel.CHAT, Direction.INBOUND, at));

            CustomerSummaryView summary = summaryAt(at.plusSeconds(60));

            assertThat(summary.stage()).isEqualTo(LifecycleStage.INTENTIONAL);
            assertThat(summary.stageSince()).isEqualTo(at);
        }

        @Test
        void a_complaint_makes_a_potential_customer_intentional() {
            given(registered(C, "Anna Berg", "rep-1", T0), complaint(C, "c-1", T0.plusSeconds(5)));

            assertThat(summaryAt(T0.plusSeconds(60)).stage()).isEqualTo(LifecycleStage.INTENTIONAL);
        }

        @Test
        void a_purchase_makes_the_customer_purchasing_and_later_inbound_contact_does_not_demote_it() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(10)),
                    purchase(C, "o-1", "99.90", "EUR", T0.plusSeconds(20)),
                    interaction(C, "i-2", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(30)));

            CustomerSummaryView summary = summaryAt(T0.plusSeconds(60));

            assertThat(summary.stage()).isEqualTo(LifecycleStage.PURCHASING);
            assertThat(summary.stageSince()).isEqualTo(T0.plusSeconds(20));
        }

        @Test
        void a_purchasing_customer_becomes_historical_only_after_365_days_without_purchase_or_interaction() {
            Instant lastActivity = T0.plus(Duration.ofDays(30));
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    purchase(C, "o-1", "10.00", "EUR", T0.plus(Duration.ofDays(1))),
                    interaction(C, "i-1", Channel.EMAIL, Direction.OUTBOUND, lastActivity));

            assertThat(summaryAt(lastActivity.plus(Duration.ofDays(365))).stage())
                    .isEqualTo(LifecycleStage.PURCHASING);
            assertThat(summaryAt(lastActivity.plus(Duration.ofDays(365)).plusSeconds(1))
                            .stage())
                    .isEqualTo(LifecycleStage.HISTORICAL);
        }

        @Test
        void a_potential_customer_never_ages_into_historical() {
            given(registered(C, "Anna Berg", "rep-1", T0));

            assertThat(summaryAt(T0.plus(Duration.ofDays(800))).stage()).isEqualTo(LifecycleStage.POTENTIAL);
        }

        @Test
        void a_historical_customer_who_gets_in_touch_again_is_intentional_again() {
            Instant comeback = T0.plus(Duration.ofDays(500));
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    purchase(C, "o-1", "10.00", "EUR", T0.plusSeconds(5)),
                    interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, comeback));

            CustomerSummaryView summary = summaryAt(comeback.plusSeconds(60));

            assertThat(summary.stage()).isEqualTo(LifecycleStage.INTENTIONAL);
            assertThat(summary.stageSince()).isEqualTo(comeback);
        }

        @Test
        void a_customer_imported_as_historical_is_found_by_stage_search() {
            given(new CustomerRegistered(
                    C,
                    com.customertimeline.projections.testsupport.Samples.card("Old Timer", "Past Ltd", "o@t.com"),
                    "rep-1",
                    LifecycleStage.HISTORICAL,
                    T0));

            assertThat(summaryAt(T0.plusSeconds(1)).stage()).isEqualTo(LifecycleStage.HISTORICAL);
            CustomerSearchPage page = new CustomerSummaryQueries(
                            mongo.database(), Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC))
                    .handle(new SearchCustomers(null, null, LifecycleStage.HISTORICAL, 0, 10));
            assertThat(page.items())
                    .extracting(CustomerSearchPage.Hit::customerId)
                    .containsExactly(C);
        }

        private Instant day(int n) {
            return T0.plus(Duration.ofDays(n));
        }

        private CustomerSummaryView summaryOf(String customerId, Instant now) {
            return new CustomerSummaryQueries(mongo.database(), Clock.fixed(now, ZoneOffset.UTC))
                    .handle(new FindCustomerSummary(customerId))
                    .orElseThrow();
        }

        @Test
        void an_old_purchase_recorded_after_a_recent_inbound_call_leaves_the_customer_intentional() {
            // in business time: bought on day 1, silent for over a year, called on day 500
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, day(500)),
                    purchase(C, "o-1", "10.00", "EUR", day(1)));

            CustomerSummaryView summary = summaryAt(day(501));

            assertThat(summary.stage()).isEqualTo(LifecycleStage.INTENTIONAL);
            assertThat(summary.stageSince()).isEqualTo(day(500));
        }

        @Test
        void an_imported_purchase_from_long_before_the_registration_is_historical_not_purchasing() {
            given(registered(C, "Anna Berg", "rep-1", day(400)), purchase(C, "o-1", "10.00", "EUR", day(1)));

            CustomerSummaryView summary = summaryAt(day(401));

            assertThat(summary.stage()).isEqualTo(LifecycleStage.HISTORICAL);
            assertThat(summary.stageSince()).isEqualTo(day(366));
        }

        @Test
        void a_backdated_purchase_within_a_year_of_the_last_call_makes_the_customer_purchasing_since_then() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, day(200)),
                    purchase(C, "o-1", "10.00", "EUR", day(100)));

            CustomerSummaryView summary = summaryAt(day(201));

            assertThat(summary.stage()).isEqualTo(LifecycleStage.PURCHASING);
            assertThat(summary.stageSince()).isEqualTo(day(100));
        }

        @Test
        void a_recent_complaint_keeps_a_purchasing_customer_from_counting_as_historical() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    purchase(C, "o-1", "10.00", "EUR", day(1)),
                    complaint(C, "c-1", day(300)));

            assertThat(summaryAt(day(500)).stage()).isEqualTo(LifecycleStage.PURCHASING);
            assertThat(summaryAt(day(666)).stage()).isEqualTo(LifecycleStage.HISTORICAL);
            assertThat(summaryAt(day(666)).stageSince()).isEqualTo(day(665));
        }

        @Test
        void a_lapsed_customer_who_is_only_contacted_by_us_stays_historical() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    purchase(C, "o-1", "10.00", "EUR", day(1)),
                    interaction(C, "i-1", Channel.EMAIL, Direction.OUTBOUND, day(600)));

            CustomerSummaryView summary = summaryAt(day(601));

            assertThat(summary.stage()).isEqualTo(LifecycleStage.HISTORICAL);
            assertThat(summary.stageSince()).isEqualTo(day(366));
        }

        @Test
        void the_stage_is_the_same_whatever_order_the_history_arrives_in() {
            List<java.util.function.Function<String, Object>> history = List.of(
                    id -> interaction(id, "i-1", Channel.PHONE, Direction.OUTBOUND, day(10)),
                    id -> interaction(id, "i-2", Channel.CHAT, Direction.INBOUND, day(40)),
                    id -> purchase(id, "o-1", "5.00", "EUR", day(90)),
                    id -> interaction(id, "i-3", Channel.PHONE, Direction.INBOUND, day(700)),
                    id -> interaction(id, "i-4", Channel.EMAIL, Direction.OUTBOUND, day(720)));
            List<List<Integer>> orders = permutations(List.of(0, 1, 2, 3, 4));
            java.util.Set<String> outcomes = new java.util.HashSet<>();
            for (int n = 0; n < orders.size(); n++) {
                String customerId = "cust-order-" + n;
                deliver.batch(log.customer(customerId, registered(customerId, "Anna Berg", "rep-1", T0), T0));
                for (int index : orders.get(n)) {
                    deliver.batch(log.customer(customerId, history.get(index).apply(customerId), T0));
                }
                for (Instant now : List.of(day(721), day(1085), day(1086))) {
                    CustomerSummaryView summary = summaryOf(customerId, now);
                    outcomes.add(now + " " + summary.stage() + " since " + summary.stageSince());
                }
            }

            assertThat(outcomes)
                    .containsExactlyInAnyOrder(
                            // a purchase on day 90, then more than a year of silence: a new start
                            day(721) + " INTENTIONAL since " + day(700),
                            day(1085) + " INTENTIONAL since " + day(700),
                            day(1086) + " HISTORICAL since " + day(1085));
        }

        private static List<List<Integer>> permutations(List<Integer> items) {
            if (items.isEmpty()) {
                return List.of(List.of());
            }
            List<List<Integer>> all = new java.util.ArrayList<>();
            for (Integer first : items) {
                List<Integer> rest = new java.util.ArrayList<>(items);
                rest.remove(first);
                for (List<Integer> tail : permutations(rest)) {
                    List<Integer> order = new java.util.ArrayList<>();
                    order.add(first);
                    order.addAll(tail);
                    all.add(order);
                }
            }
            return all;
        }
    }

    @Nested
    class Complaints {

        @Test
        void a_first_response_after_23_hours_59_minutes_is_on_time() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    complaint(C, "c-1", T0),
                    response(C, "c-1", true, T0.plus(Duration.ofHours(23).plusMinutes(59))));

            CustomerSummaryView summary = summaryAt(T0.plus(Duration.ofDays(3)));

            assertThat(summary.lateFirstResponses()).isEmpty();
            assertThat(summary.openComplaints()).singleElement().satisfies(c -> {
                assertThat(c.firstResponseLate()).isFalse();
                assertThat(c.ageDays()).isEqualTo(3);
                assertThat(c.ageHours()).isEqualTo(72);
            });
        }

        @Test
        void a_first_response_after_24_hours_1_minute_is_late() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    complaint(C, "c-1", T0),
                    response(C, "c-1", true, T0.plus(Duration.ofHours(24).plusMinutes(1))));

            CustomerSummaryView summary = summaryAt(T0.plus(Duration.ofDays(3)));

            assertThat(summary.lateFirstResponses()).singleElement().satisfies(c -> assertThat(c.complaintId())
                    .isEqualTo("c-1"));
        }

        @Test
        void only_the_first_response_counts_for_the_24_hour_rule() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    complaint(C, "c-1", T0),
                    response(C, "c-1", true, T0.plus(Duration.ofHours(2))),
                    response(C, "c-1", false, T0.plus(Duration.ofHours(50))));

            CustomerSummaryView summary = summaryAt(T0.plus(Duration.ofDays(3)));

            assertThat(summary.lateFirstResponses()).isEmpty();
            assertThat(summary.openComplaints()).singleElement().satisfies(c -> assertThat(c.firstResponseAt())
                    .isEqualTo(T0.plus(Duration.ofHours(2))));
        }

        @Test
        void a_missing_first_response_becomes_late_once_24_hours_have_passed() {
            given(registered(C, "Anna Berg", "rep-1", T0), complaint(C, "c-1", T0));

            assertThat(summaryAt(T0.plus(Duration.ofHours(23).plusMinutes(59))).lateFirstResponses())
                    .isEmpty();
            assertThat(summaryAt(T0.plus(Duration.ofHours(24).plusMinutes(1))).lateFirstResponses())
                    .extracting(CustomerSummaryView.Complaint::complaintId)
                    .containsExactly("c-1");
        }

        @Test
        void a_resolved_complaint_is_no_longer_open_but_a_late_answer_stays_on_record() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    complaint(C, "c-1", T0),
                    response(C, "c-1", true, T0.plus(Duration.ofHours(30))),
                    resolved(C, "c-1", 4, T0.plus(Duration.ofHours(40))));

            CustomerSummaryView summary = summaryAt(T0.plus(Duration.ofDays(5)));

            assertThat(summary.openComplaints()).isEmpty();
            assertThat(summary.lateFirstResponses()).singleElement().satisfies(c -> {
                assertThat(c.resolvedAt()).isEqualTo(T0.plus(Duration.ofHours(40)));
                assertThat(c.ageHours()).isEqualTo(40);
            });
            assertThat(summary.averageSatisfaction()).isEqualTo(4.0);
        }

        @Test
        void a_response_to_an_unknown_complaint_fails() {
            given(registered(C, "Anna Berg", "rep-1", T0));

            assertThatThrownBy(() -> given(response(C, "c-404", true, T0.plusSeconds(5))))
                    .hasMessageContaining("no complaint c-404");
        }
    }

    @Nested
    class Contact_and_promises {

        @Test
        void interactions_are_counted_per_channel_and_the_latest_contact_wins_by_business_time() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plus(Duration.ofDays(10))),
                    interaction(C, "i-2", Channel.PHONE, Direction.OUTBOUND, T0.plus(Duration.ofDays(11))),
                    interaction(C, "i-3", Channel.EMAIL, Direction.INBOUND, T0.plus(Duration.ofDays(2))));

            CustomerSummaryView summary = summaryAt(T0.plus(Duration.ofDays(15)));

            assertThat(summary.interactionsByChannel())
                    .containsOnly(
                            org.assertj.core.api.Assertions.entry(Channel.PHONE, 2),
                            org.assertj.core.api.Assertions.entry(Channel.EMAIL, 1));
            assertThat(summary.interactionCount()).isEqualTo(3);
            assertThat(summary.lastContact())
                    .isEqualTo(new CustomerSummaryView.LastContact(
                            T0.plus(Duration.ofDays(11)), Channel.PHONE, "INTERACTION", 4));
        }

        @Test
        void open_promises_are_listed_by_due_date_and_overdue_ones_flagged() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    promise(C, "i-1", T0.plus(Duration.ofDays(5)), "Send quote", T0),
                    promise(C, "i-2", T0.plus(Duration.ofDays(1)), "Call back", T0),
                    promise(C, "i-3", T0.plus(Duration.ofDays(2)), "Visit", T0),
                    kept(C, "i-3", T0.plus(Duration.ofDays(1))));

            CustomerSummaryView summary = summaryAt(T0.plus(Duration.ofDays(3)));

            assertThat(summary.openFollowUps())
                    .extracting(
                            CustomerSummaryView.Promise::interactionId,
                            CustomerSummaryView.Promise::description,
                            CustomerSummaryView.Promise::overdue)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("i-2", "Call back", true),
                            org.assertj.core.groups.Tuple.tuple("i-1", "Send quote", false));
            assertThat(summary.overdueFollowUps()).isEqualTo(1);
        }

        @Test
        void purchases_are_totalled_per_currency_to_the_cent() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    purchase(C, "o-1", "10.10", "EUR", T0.plusSeconds(1)),
                    purchase(C, "o-2", "0.20", "EUR", T0.plusSeconds(2)),
                    purchase(C, "o-3", "1000", "SEK", T0.plusSeconds(3)),
                    purchase(C, "o-4", "19.99", "USD", T0.plusSeconds(4)),
                    purchase(C, "o-5", "0.01", "USD", T0.plusSeconds(5)));

            CustomerSummaryView summary = summaryAt(T0.plusSeconds(60));

            assertThat(summary.purchaseCount()).isEqualTo(5);
            assertThat(summary.totalSpend())
                    .containsExactly(
                            new Money(new BigDecimal("10.30"), "EUR"),
                            new Money(new BigDecimal("1000"), "SEK"),
                            new Money(new BigDecimal("20.00"), "USD"));
            assertThat(summary.lastPurchaseAt()).isEqualTo(T0.plusSeconds(5));
        }

        @Test
        void average_satisfaction_covers_interactions_and_resolved_complaints() {
            given(
                    registered(C, "Anna Berg", "rep-1", T0),
                    rated(C, "i-1", Channel.PHONE, 5, T0.plusSeconds(1)),
                    rated(C, "i-2", Channel.PHONE, 2, T0.plusSeconds(2)),
                    complaint(C, "c-1", T0.plusSeconds(3)),
                    resolved(C, "c-1", 3, T0.plusSeconds(4)),
                    interaction(C, "i-3", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(5)));

            CustomerSummaryView summary = summaryAt(T0.plusSeconds(60));

            assertThat(summary.averageSatisfaction()).isEqualTo(10 / 3.0);
            assertThat(summary.satisfactionRatings()).isEqualTo(3);
        }

        @Test
        void reassignment_records_the_previous_owner_with_dates() {
            Instant handover = T0.plus(Duration.ofDays(40));
            given(registered(C, "Anna Berg", "rep-1", T0), reassigned(C, "rep-1", "rep-2", handover));

            CustomerSummaryView summary = summaryAt(handover.plusSeconds(60));

            assertThat(summary.owner()).isEqualTo(new CustomerSummaryView.Owner("rep-2", handover));
            assertThat(summary.previousOwners())
                    .containsExactly(new CustomerSummaryView.PreviousOwner(
                            "rep-1", T0, handover, "TEAM_CHANGE", "Call her on Mondays"));
        }
    }
}
