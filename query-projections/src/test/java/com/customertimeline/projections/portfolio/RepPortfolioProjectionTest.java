package com.customertimeline.projections.portfolio;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.complaint;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.kept;
import static com.customertimeline.projections.testsupport.Samples.promise;
import static com.customertimeline.projections.testsupport.Samples.reassigned;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static com.customertimeline.projections.testsupport.Samples.rep;
import static com.customertimeline.projections.testsupport.Samples.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FieldChange;
import com.customertimeline.domain.query.FindRepPortfolio;
import com.customertimeline.domain.query.PortfolioSort;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RepPortfolioProjectionTest {

    private static final Instant NOW = T0.plus(Duration.ofDays(10));

    private TestMongo mongo;
    private Deliver deliver;
    private final EventLog log = new EventLog();

    @BeforeEach
    void start() {
        mongo = new TestMongo();
        deliver = new Deliver(new RepPortfolioProjection(mongo.database()));
        deliver.batch(
                log.rep("rep-1", rep("rep-1", "Rita Rep", T0), T0),
                log.rep("rep-2", rep("rep-2", "Sam Seller", T0), T0));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private void given(String customerId, Object... payloads) {
        for (Object payload : payloads) {
            deliver.batch(log.customer(customerId, payload, T0));
        }
    }

    private RepPortfolioView portfolio(String repId, PortfolioSort sort, boolean descending) {
        return new RepPortfolioQueries(mongo.database(), Clock.fixed(NOW, ZoneOffset.UTC))
                .handle(new FindRepPortfolio(repId, sort, descending))
                .orElseThrow();
    }

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    @Test
    void a_rep_sees_the_customers_they_own_now_with_what_needs_attention() {
        given(
                "c-a",
                registered("c-a", "Anna", "rep-1", day(0)),
                complaint("c-a", "k-1", day(1)),
                complaint("c-a", "k-2", day(2)),
                resolved("c-a", "k-1", 5, day(3)),
                promise("c-a", "i-1", day(4), "Call back", day(1)),
                promise("c-a", "i-2", day(12), "Send offer", day(1)),
                promise("c-a", "i-3", day(5), "Visit", day(1)),
                kept("c-a", "i-3", day(5)),
                interaction("c-a", "i-4", Channel.SMS, Direction.OUTBOUND, day(7)));

        RepPortfolioView view = portfolio("rep-1", PortfolioSort.NAME, false);

        assertThat(view.displayName()).isEqualTo("Rita Rep");
        assertThat(view.customers()).singleElement().satisfies(c -> {
            assertThat(c.customerId()).isEqualTo("c-a");
            assertThat(c.openComplaints()).isEqualTo(1);
            assertThat(c.openFollowUps()).isEqualTo(2);
            assertThat(c.overdueFollowUps()).isEqualTo(1);
            assertThat(c.nextFollowUpDueAt()).isEqualTo(day(4));
            assertThat(c.lastContactAt()).isEqualTo(day(7));
            assertThat(c.lastContactChannel()).isEqualTo(Channel.SMS);
            assertThat(c.daysSinceLastContact()).isEqualTo(3);
        });
    }

    @Test
    void a_reassigned_customer_moves_from_the_old_to_the_new_owner() {
        given("c-a", registered("c-a", "Anna", "rep-1", day(0)), reassigned("c-a", "rep-1", "rep-2", day(2)));
        given("c-b", registered("c-b", "Bert", "rep-1", day(0)));

        assertThat(portfolio("rep-1", PortfolioSort.NAME, false).customers())
                .extracting(RepPortfolioView.Customer::customerId)
                .containsExactly("c-b");
        assertThat(portfolio("rep-2", PortfolioSort.NAME, false).customers())
                .singleElement()
                .satisfies(c -> assertThat(c.ownerSince()).isEqualTo(day(2)));
    }

    @Test
    void the_portfolio_sorts_by_name_last_contact_open_complaints_or_overdue_promises() {
        given("c-1", registered("c-1", "Cecilia", "rep-1", day(0)), complaint("c-1", "k-1", day(6)));
        given(
                "c-2",
                registered("c-2", "anders", "rep-1", day(0)),
                interaction("c-2", "i-1", Channel.PHONE, Direction.INBOUND, day(8)),
                promise("c-2", "i-2", day(1), "Quote", day(0)),
                promise("c-2", "i-3", day(2), "Samples", day(0)));
        given(
                "c-3",
                registered("c-3", "Bodil", "rep-1", day(0)),
                new CustomerCardUpdated(
                        "c-3", new FieldChange<>("Bodil", "Zelda"), null, null, null, null, null, day(1)),
                promise("c-3", "i-1", day(3), "Call", day(2)),
                complaint("c-3", "k-1", day(2)),
                complaint("c-3", "k-2", day(2)));

        assertThat(ids(portfolio("rep-1", PortfolioSort.NAME, false))).containsExactly("c-2", "c-1", "c-3");
        assertThat(ids(portfolio("rep-1", PortfolioSort.LAST_CONTACT, false))).containsExactly("c-3", "c-1", "c-2");
        assertThat(ids(portfolio("rep-1", PortfolioSort.OPEN_COMPLAINTS, true))).containsExactly("c-3", "c-1", "c-2");
        assertThat(ids(portfolio("rep-1", PortfolioSort.OVERDUE_FOLLOW_UPS, true)))
                .containsExactly("c-2", "c-3", "c-1");
    }

    @Test
    void a_registered_rep_without_customers_has_an_empty_portfolio_and_an_unknown_rep_none() {
        assertThat(portfolio("rep-2", PortfolioSort.NAME, false).customers()).isEmpty();
        assertThat(new RepPortfolioQueries(mongo.database(), Clock.systemUTC())
                        .handle(new FindRepPortfolio("rep-404", PortfolioSort.NAME, false)))
                .isEmpty();
    }

    @Test
    void resolving_a_complaint_that_is_not_open_fails_instead_of_being_ignored() {
        given("c-a", registered("c-a", "Anna", "rep-1", day(0)));

        assertThatThrownBy(() -> given("c-a", resolved("c-a", "k-404", null, day(1))))
                .hasMessageContaining("no open complaint k-404");
    }

    private static java.util.List<String> ids(RepPortfolioView view) {
        return view.customers().stream()
                .map(RepPortfolioView.Customer::customerId)
                .toList();
    }
}
