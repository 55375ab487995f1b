package com.customertimeline.projections.timeline;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.complaint;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.purchase;
import static com.customertimeline.projections.testsupport.Samples.reassigned;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TimelineQueriesTest {

    private static final String C = "cust-1";

    private TestMongo mongo;
    private Deliver deliver;
    private TimelineQueries queries;
    private final EventLog log = new EventLog();

    @BeforeEach
    void start() {
        mongo = new TestMongo();
        deliver = new Deliver(new TimelineProjection(mongo.database()));
        queries = new TimelineQueries(mongo.database());
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private void given(Object... payloads) {
        for (Object payload : payloads) {
            deliver.batch(log.customer(C, payload, T0.plus(Duration.ofDays(1000))));
        }
    }

    private TimelinePage page(boolean newestFirst, String cursor, int limit) {
        return queries.handle(new FindCustomerTimeline(C, null, null, null, null, null, newestFirst, cursor, limit))
                .orElseThrow();
    }

    private static Instant day(int n) {
        return T0.plus(Duration.ofDays(n));
    }

    @Test
    void entries_come_newest_first_or_oldest_first_by_business_time_not_by_arrival() {
        given(
                registered(C, "Anna Berg", "rep-1", day(0)),
                interaction(C, "i-late", Channel.PHONE, Direction.INBOUND, day(5)),
                interaction(C, "i-backdated", Channel.EMAIL, Direction.INBOUND, day(2)));

        assertThat(page(true, null, 50).entries())
                .extracting(TimelinePage.Entry::occurredAt)
                .containsExactly(day(5), day(2), day(0));
        assertThat(page(false, null, 50).entries())
                .extracting(TimelinePage.Entry::occurredAt)
                .containsExactly(day(0), day(2), day(5));
    }

    @Test
    void entries_at_the_same_business_time_are_ordered_by_sequence() {
        given(
                registered(C, "Anna Berg", "rep-1", day(0)),
                interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, day(1)),
                interaction(C, "i-2", Channel.PHONE, Direction.INBOUND, day(1)),
                interaction(C, "i-3", Channel.PHONE, Direction.INBOUND, day(1)));

        assertThat(page(true, null, 2).entries())
                .extracting(TimelinePage.Entry::sequence)
                .containsExactly(3L, 2L);
        String cursor = page(true, null, 2).nextCursor();
        assertThat(page(true, cursor, 2).entries())
                .extracting(TimelinePage.Entry::sequence)
                .containsExactly(1L, 0L);
    }

    @Test
    void conversations_and_system_changes_are_separated_by_the_kinds_filter() {
        given(
                registered(C, "Anna Berg", "rep-1", day(0)),
                interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, day(1)),
                complaint(C, "c-1", day(2)),
                reassigned(C, "rep-1", "rep-2", day(3)),
                purchase(C, "o-1", "5.00", "EUR", day(4)));

        TimelinePage conversations = queries.handle(new FindCustomerTimeline(
                        C,
                        Set.of(TimelineKind.INTERACTION, TimelineKind.COMPLAINT_FILED),
                        null,
                        null,
                        null,
                        null,
                        true,
                        null,
                        50))
                .orElseThrow();
        TimelinePage system = queries.handle(new FindCustomerTimeline(
                        C,
                        Set.of(TimelineKind.REGISTERED, TimelineKind.CARD_UPDATED, TimelineKind.REASSIGNED),
                        null,
                        null,
                        null,
                        null,
                        true,
                        null,
                        50))
                .orElseThrow();

        assertThat(conversations.entries())
                .extracting(TimelinePage.Entry::kind)
                .containsExactly(TimelineKind.COMPLAINT_FILED, TimelineKind.INTERACTION);
        assertThat(system.entries())
                .extracting(TimelinePage.Entry::kind)
                .containsExactly(TimelineKind.REASSIGNED, TimelineKind.REGISTERED);
    }

    @Test
    void channel_rep_and_business_time_range_filters_combine() {
        given(
                registered(C, "Anna Berg", "rep-1", day(0)),
                interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, day(1)),
                interaction(C, "i-2", Channel.EMAIL, Direction.INBOUND, day(2)),
                new InteractionRecorded(C, "i-3", Channel.PHONE, Direction.OUTBOUND, "rep-9", "x", null, null, day(3)),
                interaction(C, "i-4", Channel.PHONE, Direction.INBOUND, day(4)),
                interaction(C, "i-5", Channel.PHONE, Direction.INBOUND, day(5)));

        TimelinePage phoneByRep1 = queries.handle(new FindCustomerTimeline(
                        C, null, Set.of(Channel.PHONE), "rep-1", day(1), day(5), false, null, 50))
                .orElseThrow();

        assertThat(phoneByRep1.entries())
                .extracting(e -> e.detail().get("interactionId"))
                .containsExactly("i-1", "i-4");
    }

    @Test
    void cursor_pages_stay_stable_while_new_events_arrive() {
        given(registered(C, "Anna Berg", "rep-1", day(0)));
        for (int i = 1; i <= 9; i++) {
            given(interaction(C, "i-" + i, Channel.PHONE, Direction.INBOUND, day(i)));
        }
        List<Long> seen = new ArrayList<>();
        TimelinePage first = page(true, null, 4);
        first.entries().forEach(e -> seen.add(e.sequence()));

        given(
                interaction(C, "i-new", Channel.PHONE, Direction.INBOUND, day(20)),
                interaction(C, "i-same-day", Channel.PHONE, Direction.INBOUND, day(6)));
        TimelinePage second = page(true, first.nextCursor(), 4);
        second.entries().forEach(e -> seen.add(e.sequence()));
        TimelinePage third = page(true, second.nextCursor(), 4);
        third.entries().forEach(e -> seen.add(e.sequence()));

        assertThat(seen).containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
        assertThat(third.nextCursor()).isNull();
        assertThat(page(true, null, 1).entries().get(0).detail()).containsEntry("interactionId", "i-new");
    }

    @Test
    void a_cursor_that_is_malformed_or_made_for_the_other_order_is_rejected() {
        given(
                registered(C, "Anna Berg", "rep-1", day(0)),
                interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, day(1)));
        String descendingCursor = page(true, null, 1).nextCursor();

        assertThatThrownBy(() -> page(true, "not-a-cursor", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> page(false, descendingCursor, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_unknown_customer_has_no_timeline() {
        assertThat(queries.handle(new FindCustomerTimeline("nobody", null, null, null, null, null, true, null, 10)))
                .isEmpty();
    }
}
