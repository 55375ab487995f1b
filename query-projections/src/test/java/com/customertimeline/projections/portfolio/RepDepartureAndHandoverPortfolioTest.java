package com.customertimeline.projections.portfolio;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static com.customertimeline.projections.testsupport.Samples.rep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.query.FindRepPortfolio;
import com.customertimeline.domain.query.PortfolioSort;
import com.customertimeline.domain.rep.RepDeparted;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** A rep's departure and the acknowledgement of handovers in the portfolio read model. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RepDepartureAndHandoverPortfolioTest {

    private static final Instant RECORDED = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant NOW = day(30);

    private TestMongo mongo;
    private Deliver deliver;
    private final EventLog log = new EventLog();

    private DomainEventMessage<?> rep1Registered;
    private DomainEventMessage<?> rep1Departed;
    private DomainEventMessage<?> reassigned;
    private DomainEventMessage<?> acknowledged;

    @BeforeEach
    void start() {
        mongo = new TestMongo();
        deliver = new Deliver(new RepPortfolioProjection(mongo.database()));
        rep1Registered = log.rep("rep-1", rep("rep-1", "Rita Rep", T0), RECORDED);
        deliver.batch(
                rep1Registered,
                log.rep("rep-2", rep("rep-2", "Sam Seller", T0), RECORDED),
                log.rep("rep-3", rep("rep-3", "Tove Trader", T0), RECORDED));
        deliver.batch(log.customer("c-a", registered("c-a", "Anna", "rep-1", day(0)), RECORDED.plusSeconds(1)));
        reassigned = log.customer(
                "c-a",
                new CustomerReassigned(
                        "c-a", "rep-1", "rep-2", ReassignmentReason.REP_DEPARTED, "Anna's renewal is due", day(10)),
                RECORDED.plusSeconds(2));
        rep1Departed = log.rep(
                "rep-1",
                new RepDeparted("rep-1", "Moved abroad", List.of("rep-2", "rep-3"), day(10)),
                RECORDED.plusSeconds(3));
        acknowledged = log.customer("c-a", new HandoverAcknowledged("c-a", "rep-2", day(11)), RECORDED.plusSeconds(4));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    private Document repDocument(String repId) {
        return mongo.database()
                .getCollection(RepPortfolioProjection.REPS)
                .find(new Document("_id", repId))
                .first();
    }

    private Document customerDocument(String customerId) {
        return mongo.database()
                .getCollection(RepPortfolioProjection.CUSTOMERS)
                .find(new Document("_id", customerId))
                .first();
    }

    private RepPortfolioView portfolio(String repId) {
        return new RepPortfolioQueries(mongo.database(), Clock.fixed(NOW, ZoneOffset.UTC))
                .handle(new FindRepPortfolio(repId, PortfolioSort.NAME, false))
                .orElseThrow();
    }

    @Test
    void a_departed_rep_is_marked_with_the_departure_time_and_the_successors() {
        deliver.batch(reassigned, rep1Departed);

        Document rep = repDocument("rep-1");

        assertThat(rep.getDate("departedAt")).isEqualTo(Date.from(day(10)));
        assertThat(rep.getList("successorRepIds", String.class)).containsExactly("rep-2", "rep-3");
        assertThat(DocumentWorkingSet.lastSequence(rep)).isEqualTo(1);
        assertThat(rep.getString("displayName")).isEqualTo("Rita Rep");
        assertThat(repDocument("rep-2")).doesNotContainKey("departedAt");
        assertThat(portfolio("rep-1").customers()).isEmpty();
        assertThat(portfolio("rep-2").customers()).singleElement().satisfies(c -> assertThat(c.customerId())
                .isEqualTo("c-a"));
    }

    @Test
    void a_rep_registered_and_departed_in_the_same_batch_ends_up_departed() {
        DomainEventMessage<?> registered = log.rep("rep-9", rep("rep-9", "Nina New", T0), RECORDED.plusSeconds(10));
        DomainEventMessage<?> departed =
                log.rep("rep-9", new RepDeparted("rep-9", null, List.of("rep-2"), day(1)), RECORDED.plusSeconds(11));

        deliver.batch(registered, departed);

        assertThat(repDocument("rep-9"))
                .containsEntry("displayName", "Nina New")
                .containsEntry("departedAt", Date.from(day(1)))
                .containsEntry("successorRepIds", List.of("rep-2"))
                .containsEntry(DocumentWorkingSet.LAST_SEQUENCE, 1L);
    }

    @Test
    void acknowledging_a_handover_advances_the_customer_version_and_records_when() {
        deliver.batch(reassigned);
        assertThat(customerDocument("c-a").get("handoverAcknowledgedAt")).isNull();

        deliver.batch(acknowledged);

        Document entry = customerDocument("c-a");
        assertThat(entry.getDate("handoverAcknowledgedAt")).isEqualTo(Date.from(day(11)));
        assertThat(DocumentWorkingSet.lastSequence(entry)).isEqualTo(2);
        assertThat(entry.getString("ownerRepId")).isEqualTo("rep-2");
        assertThat(portfolio("rep-2").customers()).singleElement().satisfies(c -> assertThat(c.version())
                .isEqualTo(2));
    }

    @Test
    void redelivering_the_departure_and_the_acknowledgement_changes_nothing() {
        deliver.batch(reassigned, rep1Departed, acknowledged);
        Map<String, List<Document>> before = mongo.dump();

        deliver.batch(rep1Departed, acknowledged);
        deliver.batch(rep1Registered, rep1Departed, rep1Departed, reassigned, acknowledged, acknowledged);
        deliver.oneByOne(log.all());

        assertThat(mongo.dump()).isEqualTo(before);
    }

    @Test
    void departures_of_several_reps_in_one_batch_load_the_reps_with_one_query() {
        DomainEventMessage<?> rep2Departed =
                log.rep("rep-2", new RepDeparted("rep-2", null, List.of("rep-3"), day(12)), RECORDED.plusSeconds(30));
        mongo.clearCommands();

        deliver.batch(rep1Departed, rep2Departed);

        assertThat(mongo.commands())
                .containsExactly("find " + RepPortfolioProjection.REPS, "update " + RepPortfolioProjection.REPS);
        assertThat(repDocument("rep-1")).containsKey("departedAt");
        assertThat(repDocument("rep-2")).containsEntry("successorRepIds", List.of("rep-3"));
    }

    @Test
    void a_departure_of_an_unknown_rep_fails_instead_of_being_dropped() {
        DomainEventMessage<?> departed = log.rep(
                "rep-404", new RepDeparted("rep-404", null, List.of("rep-2"), day(1)), RECORDED.plusSeconds(20));

        assertThatThrownBy(() -> deliver.batch(departed)).hasMessageContaining("no rep rep-404 to depart");
    }
}
