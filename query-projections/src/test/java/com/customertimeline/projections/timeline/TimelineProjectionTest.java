package com.customertimeline.projections.timeline;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.complaint;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.kept;
import static com.customertimeline.projections.testsupport.Samples.promise;
import static com.customertimeline.projections.testsupport.Samples.purchase;
import static com.customertimeline.projections.testsupport.Samples.reassigned;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static com.customertimeline.projections.testsupport.Samples.resolved;
import static com.customertimeline.projections.testsupport.Samples.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.ContactType;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FieldChange;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TimelineProjectionTest {

    private static final String C = "cust-1";
    private static final Instant RECORDED = Instant.parse("2026-03-01T12:00:00Z");

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

    private DomainEventMessage<?> event(Object payload) {
        return log.customer(C, payload, RECORDED.plusSeconds(log.all().size()));
    }

    private List<TimelinePage.Entry> oldestFirst() {
        return queries.handle(new FindCustomerTimeline(C, null, null, null, null, null, false, null, 200))
                .orElseThrow()
                .entries();
    }

    @Test
    void
            every_kind_of_customer_event_becomes_one_entry_with_kind_rep_channel_and_headline_and_complaint_follow_ups_keep_the_complaint_channel() {
        deliver.batch(List.of(
                event(registered(C, "Anna Berg", "rep-1", T0)),
                event(new CustomerCardUpdated(
                        C,
                        null,
                        new FieldChange<>("Anna Berg Corp", "Lind AB"),
                        null,
                        null,
                        null,
                        "rep-1",
                        T0.plusSeconds(1))),
                event(interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(2))),
                event(promise(C, "i-2", T0.plus(Duration.ofDays(2)), "Send quote", T0.plusSeconds(3))),
                event(kept(C, "i-2", T0.plusSeconds(4))),
                event(purchase(C, "o-1", "42.50", "EUR", T0.plusSeconds(5))),
                event(complaint(C, "c-1", T0.plusSeconds(6))),
                event(response(C, "c-1", true, T0.plusSeconds(7))),
                event(resolved(C, "c-1", 4, T0.plusSeconds(8))),
                event(reassigned(C, "rep-1", "rep-2", T0.plusSeconds(9)))));

        List<TimelinePage.Entry> entries = oldestFirst();

        assertThat(entries)
                .extracting(TimelinePage.Entry::kind, TimelinePage.Entry::repId, TimelinePage.Entry::channel)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.REGISTERED, "rep-1", null),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.CARD_UPDATED, "rep-1", null),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.INTERACTION, "rep-1", Channel.PHONE),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.INTERACTION, "rep-1", Channel.PHONE),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.FOLLOW_UP_COMPLETED, "rep-1", null),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.PURCHASE, "rep-1", null),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.COMPLAINT_FILED, "rep-1", Channel.EMAIL),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.COMPLAINT_RESPONDED, "rep-1", Channel.EMAIL),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.COMPLAINT_RESOLVED, "rep-1", Channel.EMAIL),
                        org.assertj.core.groups.Tuple.tuple(TimelineKind.REASSIGNED, "rep-2", null));
        assertThat(entries)
                .extracting(TimelinePage.Entry::headline)
                .containsExactly(
                        "Registered Anna Berg (Anna Berg Corp), owner rep-1, stage POTENTIAL",
                        "Card updated: company Anna Berg Corp → Lind AB",
                        "Inbound phone call: Talked about i-1",
                        "Outbound phone call: Call i-2 (promised by 2026-01-07T09:00:00Z)",
                        "Follow-up of interaction i-2 completed: Sent the quote",
                        "Purchase o-1: 1 item, EUR 42.50",
                        "Complaint c-1 filed (HIGH, billing): Charged twice for c-1",
                        "First response to complaint c-1: We are on it",
                        "Complaint c-1 resolved: Refunded (satisfaction 4/5)",
                        "Reassigned from rep-1 to rep-2 (TEAM_CHANGE): Call her on Mondays");
        assertThat(entries)
                .extracting(TimelinePage.Entry::sequence)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void an_entry_keeps_business_time_recorded_time_and_the_full_detail() {
        InteractionRecorded call = new InteractionRecorded(
                C,
                "i-1",
                Channel.VISIT,
                Direction.OUTBOUND,
                "rep-7",
                "Visited the plant\nSaw the new line",
                5,
                new com.customertimeline.domain.model.FollowUp(T0.plus(Duration.ofDays(7)), "Send photos"),
                T0.plus(Duration.ofHours(3)));
        deliver.batch(event(registered(C, "Anna Berg", "rep-1", T0)), event(call));

        TimelinePage.Entry entry = oldestFirst().get(1);

        assertThat(entry.id()).isEqualTo("cust-1:000000000001");
        assertThat(entry.occurredAt()).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(entry.recordedAt()).isEqualTo(RECORDED.plusSeconds(1));
        assertThat(entry.headline())
                .isEqualTo("Outbound visit: Visited the plant … (promised by 2026-01-12T09:00:00Z)");
        assertThat(entry.detail())
                .containsEntry("interactionId", "i-1")
                .containsEntry("direction", "OUTBOUND")
                .containsEntry("summary", "Visited the plant\nSaw the new line")
                .containsEntry("satisfaction", 5)
                .containsEntry("followUp", Map.of("dueAt", T0.plus(Duration.ofDays(7)), "description", "Send photos"))
                .doesNotContainKey("customerId");
    }

    @Test
    void a_card_update_shows_each_changed_field_with_old_and_new_value() {
        deliver.batch(
                event(registered(C, "Anna Berg", "rep-1", T0)),
                event(new CustomerCardUpdated(
                        C,
                        new FieldChange<>("Anna Berg", "Anna Lind"),
                        null,
                        new FieldChange<>("Buyer", null),
                        new FieldChange<>(
                                List.of(), List.of(new Address("home", "Elm 2", "Lund", "22100", null, "SE"))),
                        new FieldChange<>(
                                List.of(new ContactPoint(ContactType.EMAIL, "a@b.se", null)),
                                List.of(new ContactPoint(ContactType.PHONE, "+4670", "mobile"))),
                        "rep-3",
                        T0.plusSeconds(30))));

        TimelinePage.Entry entry = oldestFirst().get(1);

        assertThat(entry.headline())
                .isEqualTo(
                        "Card updated: name Anna Berg → Anna Lind; position Buyer → (none); "
                                + "addresses (none) → home: Elm 2, 22100, Lund, SE; contacts EMAIL a@b.se → PHONE +4670 (mobile)");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes =
                (List<Map<String, Object>>) entry.detail().get("changes");
        assertThat(changes)
                .extracting(c -> c.get("field"), c -> c.get("oldValue"), c -> c.get("newValue"))
                .startsWith(
                        org.assertj.core.groups.Tuple.tuple("name", "Anna Berg", "Anna Lind"),
                        org.assertj.core.groups.Tuple.tuple("position", "Buyer", null));
        assertThat(changes.get(3).get("newValue"))
                .isEqualTo(List.of(Map.of("type", "PHONE", "value", "+4670", "label", "mobile")));
        assertThat(entry.repId()).isEqualTo("rep-3");
    }

    @Test
    void redelivering_events_rewrites_nothing_and_adds_no_entries() {
        List<DomainEventMessage<?>> events = List.of(
                event(registered(C, "Anna Berg", "rep-1", T0)),
                event(interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(1))),
                event(purchase(C, "o-1", "1.00", "EUR", T0.plusSeconds(2))));
        deliver.batch(events);
        Map<String, List<org.bson.Document>> before = mongo.dump();
        mongo.clearCommands();

        deliver.batch(events.get(0), events.get(1), events.get(1), events.get(2));
        deliver.oneByOne(events);
        List<String> commands = mongo.commands();

        assertThat(commands).isNotEmpty().allMatch(c -> c.equals("find " + TimelineProjection.CUSTOMERS));
        assertThat(mongo.dump()).isEqualTo(before);
        assertThat(oldestFirst()).hasSize(3);
    }

    @Test
    void entries_written_by_a_batch_whose_progress_was_lost_are_kept_when_the_batch_runs_again() {
        List<DomainEventMessage<?>> events = List.of(
                event(registered(C, "Anna Berg", "rep-1", T0)),
                event(interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plusSeconds(1))),
                event(purchase(C, "o-1", "1.00", "EUR", T0.plusSeconds(2))));
        deliver.batch(events.subList(0, 1));
        Map<String, List<org.bson.Document>> afterFirst = mongo.dump();
        deliver.batch(events.subList(1, 3));
        Map<String, List<org.bson.Document>> complete = mongo.dump();
        // a crash after the entries of the second batch were written but before its progress was
        mongo.database()
                .getCollection(TimelineProjection.CUSTOMERS)
                .replaceOne(
                        new org.bson.Document("_id", C),
                        afterFirst.get(TimelineProjection.CUSTOMERS).get(0));
        assertThat(mongo.dump()).isNotEqualTo(complete);

        deliver.batch(events.subList(1, 3));

        assertThat(mongo.dump()).isEqualTo(complete);
        assertThat(oldestFirst()).extracting(TimelinePage.Entry::kind).hasSize(3);
    }

    @Test
    void the_timeline_is_complete_and_unbounded() {
        deliver.batch(event(registered(C, "Anna Berg", "rep-1", T0)));
        for (int batch = 0; batch < 5; batch++) {
            java.util.ArrayList<DomainEventMessage<?>> messages = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = batch * 100 + i;
                messages.add(event(interaction(C, "i-" + n, Channel.EMAIL, Direction.OUTBOUND, T0.plusSeconds(n + 1))));
            }
            deliver.batch(messages);
        }

        long count = mongo.database()
                .getCollection(TimelineProjection.ENTRIES)
                .countDocuments(new org.bson.Document("customerId", C));
        assertThat(count).isEqualTo(501);
        TimelinePage all = queries.handle(new FindCustomerTimeline(
                        C, Set.of(TimelineKind.INTERACTION), null, null, null, null, true, null, 200))
                .orElseThrow();
        assertThat(all.version()).isEqualTo(500);
        assertThat(all.entries().get(0).sequence()).isEqualTo(500);
    }

    @Test
    void a_batch_of_events_is_written_with_one_bulk_write_per_collection() {
        List<DomainEventMessage<?>> events = new java.util.ArrayList<>();
        events.add(event(registered(C, "Anna Berg", "rep-1", T0)));
        for (int i = 0; i < 20; i++) {
            events.add(event(interaction(C, "i-" + i, Channel.EMAIL, Direction.OUTBOUND, T0.plusSeconds(i + 1))));
        }
        mongo.clearCommands();

        deliver.batch(events);

        assertThat(mongo.commands())
                .containsExactly(
                        "find " + TimelineProjection.CUSTOMERS,
                        "insert " + TimelineProjection.ENTRIES,
                        "insert " + TimelineProjection.CUSTOMERS);
    }
}
