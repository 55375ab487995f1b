package com.customertimeline.projections.timeline;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.reassigned;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The acknowledgement of a handover on the timeline. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HandoverTimelineTest {

    private static final String C = "cust-1";
    private static final Instant RECORDED = Instant.parse("2026-03-01T12:00:00Z");

    private TestMongo mongo;
    private Deliver deliver;
    private TimelineQueries queries;
    private final EventLog log = new EventLog();
    private List<DomainEventMessage<?>> events;

    @BeforeEach
    void start() {
        mongo = new TestMongo();
        deliver = new Deliver(new TimelineProjection(mongo.database()));
        queries = new TimelineQueries(mongo.database());
        events = List.of(
                event(registered(C, "Anna Berg", "rep-1", T0)),
                event(interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plus(Duration.ofDays(1)))),
                event(reassigned(C, "rep-1", "rep-2", T0.plus(Duration.ofDays(2)))),
                event(new HandoverAcknowledged(C, "rep-2", T0.plus(Duration.ofDays(3)))));
        deliver.batch(events);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private DomainEventMessage<?> event(Object payload) {
        return log.customer(C, payload, RECORDED.plusSeconds(log.all().size()));
    }

    private List<TimelinePage.Entry> entries(Set<TimelineKind> kinds) {
        return queries.handle(new FindCustomerTimeline(C, kinds, null, null, null, null, false, null, 200))
                .orElseThrow()
                .entries();
    }

    @Test
    void an_acknowledged_handover_becomes_an_entry_of_its_own_kind_by_the_new_owner() {
        TimelinePage.Entry entry = entries(Set.of()).get(3);

        assertThat(entry.id()).isEqualTo(TimelineProjection.entryId(C, 3));
        assertThat(entry.sequence()).isEqualTo(3);
        assertThat(entry.kind()).isEqualTo(TimelineKind.HANDOVER_ACKNOWLEDGED);
        assertThat(entry.occurredAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
        assertThat(entry.recordedAt()).isEqualTo(RECORDED.plusSeconds(3));
        assertThat(entry.repId()).isEqualTo("rep-2");
        assertThat(entry.channel()).isNull();
        assertThat(entry.headline()).isEqualTo("rep-2 acknowledged the handover and took over the relationship");
        assertThat(entry.detail())
                .containsEntry("repId", "rep-2")
                .containsEntry("occurredAt", T0.plus(Duration.ofDays(3)))
                .doesNotContainKey("customerId");
    }

    @Test
    void the_kinds_filter_selects_acknowledgements_alone_or_together_with_reassignments() {
        assertThat(entries(Set.of(TimelineKind.HANDOVER_ACKNOWLEDGED)))
                .extracting(TimelinePage.Entry::kind, TimelinePage.Entry::repId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TimelineKind.HANDOVER_ACKNOWLEDGED, "rep-2"));
        assertThat(entries(Set.of(TimelineKind.REASSIGNED, TimelineKind.HANDOVER_ACKNOWLEDGED)))
                .extracting(TimelinePage.Entry::kind)
                .containsExactly(TimelineKind.REASSIGNED, TimelineKind.HANDOVER_ACKNOWLEDGED);
        assertThat(entries(Set.of(TimelineKind.INTERACTION)))
                .extracting(TimelinePage.Entry::kind)
                .containsExactly(TimelineKind.INTERACTION);
    }

    @Test
    void the_timeline_version_counts_the_acknowledgement() {
        assertThat(queries.handle(new FindCustomerTimeline(C, null, null, null, null, null, true, null, 1))
                        .orElseThrow()
                        .version())
                .isEqualTo(3);
    }

    @Test
    void redelivering_the_acknowledgement_adds_no_entry_and_changes_nothing() {
        Map<String, List<Document>> before = mongo.dump();

        deliver.batch(events.get(3), events.get(3));
        deliver.oneByOne(events);

        assertThat(mongo.dump()).isEqualTo(before);
        assertThat(entries(Set.of(TimelineKind.HANDOVER_ACKNOWLEDGED))).hasSize(1);
    }
}
