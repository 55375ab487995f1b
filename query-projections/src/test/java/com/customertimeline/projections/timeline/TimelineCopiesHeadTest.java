package com.customertimeline.projections.timeline;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.support.StateSnapshots;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The live progress document keeps no head (pages are ranges of keys, ADR 0019); each copy taken for
 * as-of views carries the newest entries as of its own sequence, whatever order business times came in.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TimelineCopiesHeadTest {

    private static final String C = "cust-head";

    private TestMongo mongo;
    private Deliver deliver;
    private TimelineQueries queries;
    private final EventLog log = new EventLog();

    /** Business time and sequence of every event delivered, by sequence. */
    private final List<Document> delivered = new ArrayList<>();

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
    void each_copy_holds_the_newest_entries_as_of_its_sequence_with_backdated_events() {
        deliverLongHistoryInBatches();

        List<Document> copies = mongo.database()
                .getCollection(TimelineProjection.SNAPSHOTS)
                .find(new Document("customerId", C))
                .into(new ArrayList<>());
        assertThat(copies).extracting(copy -> copy.getLong("sequence")).containsExactlyInAnyOrder(127L, 255L, 383L);
        for (Document copy : copies) {
            long sequence = copy.getLong("sequence");
            List<Document> expected = delivered.stream()
                    .filter(event -> event.getLong("sequence") <= sequence)
                    .sorted(Comparator.comparing((Document event) -> event.getDate("occurredAt"))
                            .thenComparing(event -> event.getLong("sequence"))
                            .reversed())
                    .limit(FindCustomerTimeline.MAX_LIMIT)
                    .toList();

            assertThat(copy.get("state", Document.class).getList(TimelineProjection.HEAD, Document.class))
                    .as("the head of the copy after event %d", sequence)
                    .isEqualTo(expected);
        }
    }

    @Test
    void the_progress_document_has_no_head_and_the_first_page_is_the_general_querys() {
        deliverLongHistoryInBatches();

        Document progress = mongo.database()
                .getCollection(TimelineProjection.CUSTOMERS)
                .find(new Document("_id", C))
                .first();
        assertThat(progress).isNotNull().doesNotContainKey(TimelineProjection.HEAD);
        for (int limit : new int[] {1, 50, 200}) {
            TimelinePage first = queries.handle(page(null, limit)).orElseThrow();
            TimelinePage general = queries.handle(page(EnumSet.allOf(TimelineKind.class), limit))
                    .orElseThrow();

            assertThat(first.entries()).hasSize(limit).isEqualTo(general.entries());
            assertThat(first.entries())
                    .extracting(TimelinePage.Entry::sequence)
                    .containsExactlyElementsOf(delivered.stream()
                            .sorted(Comparator.comparing((Document event) -> event.getDate("occurredAt"))
                                    .thenComparing(event -> event.getLong("sequence"))
                                    .reversed())
                            .limit(limit)
                            .map(event -> event.getLong("sequence"))
                            .toList());
            assertThat(first.nextCursor()).isEqualTo(general.nextCursor());
            assertThat(first.version()).isEqualTo(450);
        }
    }

    @Test
    void a_short_timeline_has_no_next_page() {
        deliver.batch(log.customer(C, registered(C, "Short", "rep-1", T0), T0));
        deliver.batch(log.customer(
                C, interaction(C, "i-1", Channel.EMAIL, Direction.OUTBOUND, T0.plusSeconds(60)), T0.plusSeconds(60)));

        TimelinePage first = queries.handle(page(null, 50)).orElseThrow();

        assertThat(first.entries()).extracting(TimelinePage.Entry::sequence).containsExactly(1L, 0L);
        assertThat(first.nextCursor()).isNull();
    }

    /** 451 events whose business times jump back and forth, as imports interleaved with live events do. */
    private void deliverLongHistoryInBatches() {
        Random random = new Random(7);
        List<EventMessage<?>> events = new ArrayList<>();
        events.add(log.customer(C, registered(C, "Head Case", "rep-1", T0), T0));
        remember(0, T0);
        for (int i = 0; i < 450; i++) {
            Instant at = T0.plus(Duration.ofMinutes(1 + random.nextInt(10_000)));
            events.add(log.customer(C, interaction(C, "i-" + i, Channel.PHONE, Direction.INBOUND, at), at));
            remember(i + 1, at);
        }
        for (int from = 0; from < events.size(); from += 37) {
            deliver.batch(events.subList(from, Math.min(events.size(), from + 37)));
        }
        assertThat(StateSnapshots.EVERY).isEqualTo(128);
    }

    private void remember(long sequence, Instant occurredAt) {
        delivered.add(new Document("sequence", sequence).append("occurredAt", Date.from(occurredAt)));
    }

    private static FindCustomerTimeline page(EnumSet<TimelineKind> kinds, int limit) {
        return new FindCustomerTimeline(C, kinds, null, null, null, null, true, null, limit);
    }
}
