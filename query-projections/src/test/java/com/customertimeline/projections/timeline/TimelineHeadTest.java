package com.customertimeline.projections.timeline;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The first page served from the progress document's head must be exactly the page the general query
 * gives, whatever order business times arrive in and however long the history is.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TimelineHeadTest {

    private static final String C = "cust-head";

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

    @Test
    void first_page_from_the_head_equals_the_general_query_with_backdated_events_and_a_long_history() {
        Random random = new Random(7);
        List<EventMessage<?>> events = new ArrayList<>();
        events.add(log.customer(C, registered(C, "Head Case", "rep-1", T0), T0));
        for (int i = 0; i < 450; i++) {
            // business times jump back and forth, as imports interleaved with live events do
            var at = T0.plus(Duration.ofMinutes(1 + random.nextInt(10_000)));
            events.add(log.customer(C, interaction(C, "i-" + i, Channel.PHONE, Direction.INBOUND, at), at));
        }
        for (int from = 0; from < events.size(); from += 37) {
            deliver.batch(events.subList(from, Math.min(events.size(), from + 37)));
        }

        for (int limit : new int[] {1, 50, 200}) {
            TimelinePage head = queries.handle(page(null, limit)).orElseThrow();
            TimelinePage general = queries.handle(page(EnumSet.allOf(TimelineKind.class), limit))
                    .orElseThrow();

            assertThat(head.entries()).hasSize(limit).isEqualTo(general.entries());
            assertThat(head.nextCursor()).isEqualTo(general.nextCursor());
            assertThat(head.version()).isEqualTo(general.version()).isEqualTo(450);
        }
    }

    @Test
    void a_short_timeline_fits_in_the_head_and_has_no_next_page() {
        deliver.batch(log.customer(C, registered(C, "Short", "rep-1", T0), T0));
        deliver.batch(log.customer(
                C, interaction(C, "i-1", Channel.EMAIL, Direction.OUTBOUND, T0.plusSeconds(60)), T0.plusSeconds(60)));

        TimelinePage head = queries.handle(page(null, 50)).orElseThrow();

        assertThat(head.entries()).extracting(TimelinePage.Entry::sequence).containsExactly(1L, 0L);
        assertThat(head.nextCursor()).isNull();
    }

    private static FindCustomerTimeline page(EnumSet<TimelineKind> kinds, int limit) {
        return new FindCustomerTimeline(C, kinds, null, null, null, null, true, null, limit);
    }
}
