package com.customertimeline.projections.timeline;

import com.customertimeline.domain.customer.ComplaintFiled;
import com.customertimeline.domain.customer.ComplaintResolved;
import com.customertimeline.domain.customer.ComplaintResponded;
import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.customer.CustomerPersonalDataErased;
import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.CustomerRegistered;
import com.customertimeline.domain.customer.FollowUpCompleted;
import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.customer.PurchaseRecorded;
import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.FieldChange;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.support.BatchScope;
import com.customertimeline.projections.support.CatchUpWrites;
import com.customertimeline.projections.support.CustomerEvents;
import com.customertimeline.projections.support.CustomerScopedProjection;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.support.Documents;
import com.customertimeline.projections.support.InsertsKeepingExisting;
import com.customertimeline.projections.support.StateSnapshots;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Builds the complete, unbounded timeline of every customer: one entry per event, never capped or
 * expired, because the point of the service is that a new owner can read everything that happened.
 *
 * <p>Entries live in {@value #ENTRIES} under a key that sorts like the timeline itself
 * ({@link #storageKey}: customer, business time, sequence), so re-delivering an event finds the very same
 * document, and every page, filtered or not, newest or oldest first, after any cursor, is one range of
 * {@code _id} read in order: the {@code _id} index on MongoDB, the sorted document map on the embedded
 * store, which has no secondary index for a sorted range (ADR 0019). {@value #CUSTOMERS} keeps per customer the last
 * applied sequence number (events that are not newer are skipped, and read-your-writes waits on it) and
 * the channel each complaint came through, so responses and resolutions sit in the complaint's channel.
 * Both collections are written once per event batch.
 */
@Component
@ProcessingGroup(TimelineProjection.PROCESSING_GROUP)
public class TimelineProjection implements CustomerScopedProjection {

    public static final String PROCESSING_GROUP = "timeline";
    public static final String ENTRIES = "timeline_entries";
    public static final String CUSTOMERS = "timeline_customers";

    /** Copies of each progress document (its head) every {@value StateSnapshots#EVERY} events, for as-of views. */
    public static final String SNAPSHOTS = "timeline_snapshots";

    /**
     * Field of a copy of the progress document (every {@value StateSnapshots#EVERY} events) holding
     * references to the newest entries as of the copy, and how many: an as-of view's first page starts
     * from them. The live progress document has no head: a page is a range of keys (ADR 0019), and the
     * head, rewritten with every event, was the largest document the projection wrote.
     */
    static final String HEAD = "head";

    static final int HEAD_SIZE = FindCustomerTimeline.MAX_LIMIT;

    private static final String BATCH_KEY = TimelineProjection.class.getName() + ".batch";
    private static final int HEADLINE_TEXT = 120;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> customers;
    private final StateSnapshots snapshots;
    private final CatchUpWrites catchUp;
    private final CatchUpWrites.Scope heldCustomers;

    public TimelineProjection(@Qualifier("readModelDatabase") MongoDatabase database) {
        this(database, CatchUpWrites.NONE);
    }

    @Autowired
    public TimelineProjection(@Qualifier("readModelDatabase") MongoDatabase database, CatchUpWrites catchUp) {
        this.entries = database.getCollection(ENTRIES);
        this.customers = database.getCollection(CUSTOMERS);
        this.snapshots = new StateSnapshots(database.getCollection(SNAPSHOTS));
        this.catchUp = catchUp;
        this.heldCustomers = catchUp.scope(PROCESSING_GROUP, customers);
        createIndexes();
    }

    private void createIndexes() {
        DocumentWorkingSet.dropObsoleteIndexes(customers);
        entries.createIndex(
                Indexes.compoundIndex(
                        Indexes.ascending("customerId"),
                        Indexes.descending("occurredAt"),
                        Indexes.descending("sequence")),
                new IndexOptions().name("customer_business_time"));
        entries.createIndex(
                Indexes.compoundIndex(
                        Indexes.ascending("customerId"), Indexes.ascending("kind"), Indexes.descending("occurredAt")),
                new IndexOptions().name("customer_kind_time"));
        entries.createIndex(
                Indexes.compoundIndex(
                        Indexes.ascending("customerId"), Indexes.ascending("repId"), Indexes.descending("occurredAt")),
                new IndexOptions().name("customer_rep_time"));
    }

    @EventHandler
    void on(CustomerRegistered event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        String headline =
                "Registered " + describeParty(event.card().name(), event.card().company()) + ", owner "
                        + event.ownerRepId() + ", stage " + event.stage();
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.REGISTERED,
                event.occurredAt(),
                event.ownerRepId(),
                null,
                null,
                headline,
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(CustomerCardUpdated event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        List<Document> changes = new ArrayList<>();
        addChange(changes, "name", event.name(), TimelineProjection::text);
        addChange(changes, "company", event.company(), TimelineProjection::text);
        addChange(changes, "position", event.position(), TimelineProjection::text);
        addChange(changes, "addresses", event.addresses(), TimelineProjection::addresses);
        addChange(changes, "contacts", event.contacts(), TimelineProjection::contacts);
        Document detail = Documents.recordToDocument(event).append("changes", changes);
        String headline = "Card updated: "
                + changes.stream()
                        .map(c -> c.getString("field") + " " + c.getString("display"))
                        .collect(Collectors.joining("; "));
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.CARD_UPDATED,
                event.occurredAt(),
                event.updatedByRepId(),
                null,
                null,
                headline,
                detail);
    }

    @EventHandler
    void on(InteractionRecorded event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        String headline = capitalise(event.direction().name()) + " " + channelName(event.channel()) + ": "
                + shorten(event.summary())
                + (event.followUp() == null
                        ? ""
                        : " (promised by " + event.followUp().dueAt() + ")");
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.INTERACTION,
                event.occurredAt(),
                event.repId(),
                event.channel(),
                null,
                headline,
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(FollowUpCompleted event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        String headline = "Follow-up of interaction " + event.interactionId() + " completed"
                + (event.note() == null ? "" : ": " + shorten(event.note()));
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.FOLLOW_UP_COMPLETED,
                event.occurredAt(),
                event.repId(),
                null,
                null,
                headline,
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(PurchaseRecorded event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        int items = event.lineItems().stream().mapToInt(i -> i.quantity()).sum();
        String headline = "Purchase " + event.orderId() + ": " + items + (items == 1 ? " item" : " items") + ", "
                + event.total().currency() + " " + event.total().amount().toPlainString();
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.PURCHASE,
                event.occurredAt(),
                event.repId(),
                null,
                null,
                headline,
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(ComplaintFiled event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        String headline = "Complaint " + event.complaintId() + " filed (" + event.severity() + ", " + event.category()
                + "): " + shorten(event.description());
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.COMPLAINT_FILED,
                event.occurredAt(),
                event.repId(),
                event.channel(),
                event.complaintId(),
                headline,
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(ComplaintResponded event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        String headline = (event.firstResponse() ? "First response" : "Response") + " to complaint "
                + event.complaintId() + ": " + shorten(event.message());
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.COMPLAINT_RESPONDED,
                event.occurredAt(),
                event.repId(),
                null,
                event.complaintId(),
                headline,
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(ComplaintResolved event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        String headline = "Complaint " + event.complaintId() + " resolved: " + shorten(event.resolution())
                + (event.satisfaction() == null ? "" : " (satisfaction " + event.satisfaction() + "/5)");
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.COMPLAINT_RESOLVED,
                event.occurredAt(),
                event.repId(),
                null,
                event.complaintId(),
                headline,
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(CustomerReassigned event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        String headline = "Reassigned from " + event.fromRepId() + " to " + event.toRepId() + " ("
                + event.reason() + ")"
                + (event.handoverNote() == null ? "" : ": " + shorten(event.handoverNote()));
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.REASSIGNED,
                event.occurredAt(),
                event.toRepId(),
                null,
                null,
                headline,
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(HandoverAcknowledged event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.HANDOVER_ACKNOWLEDGED,
                event.occurredAt(),
                event.repId(),
                null,
                null,
                event.repId() + " acknowledged the handover and took over the relationship",
                Documents.recordToDocument(event));
    }

    @EventHandler
    void on(CustomerPersonalDataErased event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        record(
                event.customerId(),
                sequence,
                recordedAt,
                TimelineKind.PERSONAL_DATA_ERASED,
                event.occurredAt(),
                null,
                null,
                null,
                "Personal data erased at the customer's request",
                Documents.recordToDocument(event));
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(ENTRIES, CUSTOMERS, SNAPSHOTS);
    }

    /** The customer's entries and progress document: what a replay of the customer's stream writes. */
    @Override
    public void forgetCustomer(String customerId) {
        customers.deleteOne(Filters.eq("_id", customerId));
        entries.deleteMany(Filters.eq("customerId", customerId));
        snapshots.forget(customerId);
    }

    /**
     * Forgets every timeline, so a replay rebuilds them from the first event: drops the collections and
     * creates them again with their indexes (deleting a million entries one by one takes minutes on any
     * MongoDB, dropping takes no time).
     */
    @ResetHandler
    void reset() {
        catchUp.forget(PROCESSING_GROUP);
        entries.drop();
        customers.drop();
        snapshots.drop();
        createIndexes();
    }

    /** The public id of the entry for a customer's event, as the API shows it. */
    public static String entryId(String customerId, long sequence) {
        return customerId + ":" + String.format(Locale.ROOT, "%012d", sequence);
    }

    /**
     * The {@code _id} an entry is stored under: {@code customerId/businessTime/sequence}, every part fixed
     * in width, so keys sort as the timeline does. {@code /} never occurs in an id (Rules.ID) and nothing
     * sorts between it and {@code 0}, so {@code [customerId + "/", customerId + "0")} holds exactly one
     * customer's entries ({@link #firstKey}, {@link #keyAfterLast}).
     */
    public static String storageKey(String customerId, java.util.Date occurredAt, long sequence) {
        return firstKey(customerId) + timeKey(occurredAt.getTime()) + "/"
                + String.format(Locale.ROOT, "%012d", sequence);
    }

    /** No entry of the customer sorts below this key. */
    public static String firstKey(String customerId) {
        return customerId + "/";
    }

    /** Every entry of the customer sorts below this key. */
    public static String keyAfterLast(String customerId) {
        return customerId + "0";
    }

    /** Below the key of every entry at or after this business time, above every earlier one. */
    public static String keyAt(String customerId, java.util.Date occurredAt) {
        return firstKey(customerId) + timeKey(occurredAt.getTime());
    }

    /** Epoch millis as 16 hex digits that sort as the signed number does (the sign bit flipped). */
    private static String timeKey(long epochMillis) {
        return String.format(Locale.ROOT, "%016x", epochMillis ^ Long.MIN_VALUE);
    }

    /**
     * Entries stored by an earlier version under {@code customerId:sequence}: the read model must be
     * rebuilt before pages read by key can see them ({@code RebuildingOutdatedReadModels} in the service does it at start).
     */
    public static Bson entriesInEarlierLayout() {
        return Filters.regex("_id", "^[^/]*$");
    }

    private void record(
            String customerId,
            long sequence,
            Instant recordedAt,
            TimelineKind kind,
            Instant occurredAt,
            String repId,
            Channel channel,
            String complaintId,
            String headline,
            Document detail) {
        BatchScope.within(BATCH_KEY, messages -> new Batch(CustomerEvents.customerIds(messages)), batch -> {
            Document progress = batch.progress.get(customerId).orElse(null);
            if (progress != null && sequence <= DocumentWorkingSet.lastSequence(progress)) {
                return; // already applied: a redelivery or a replay without reset
            }
            if (progress == null) {
                progress = new Document("_id", customerId)
                        .append(DocumentWorkingSet.LAST_SEQUENCE, -1L)
                        .append("complaintChannels", new Document());
            }
            Channel entryChannel = channel;
            if (complaintId != null) {
                Document complaintChannels = progress.get("complaintChannels", Document.class);
                if (complaintChannels == null) {
                    complaintChannels = new Document();
                    progress.put("complaintChannels", complaintChannels);
                }
                if (kind == TimelineKind.COMPLAINT_FILED) {
                    complaintChannels.put(complaintId, channel.name());
                } else {
                    String filedThrough = complaintChannels.getString(complaintId);
                    entryChannel = filedThrough == null ? null : Channel.valueOf(filedThrough);
                }
            }
            detail.remove("customerId");
            Document entry = new Document("_id", storageKey(customerId, Documents.date(occurredAt), sequence))
                    .append("customerId", customerId)
                    .append("sequence", sequence)
                    .append("kind", kind.name())
                    .append("occurredAt", Documents.date(occurredAt))
                    .append("recordedAt", Documents.date(recordedAt))
                    .append("repId", repId)
                    .append("channel", entryChannel == null ? null : entryChannel.name())
                    .append("headline", headline)
                    .append("detail", detail);
            batch.entryWrites.add(new InsertOneModel<>(entry));
            progress.remove(HEAD); // kept by versions before 2026-12-06
            progress.put(DocumentWorkingSet.LAST_SEQUENCE, sequence);
            StateSnapshots.recorded(progress);
            if (StateSnapshots.isSnapshotPoint(sequence)) {
                Document copy = batch.snapshots.capture(customerId, sequence, progress);
                if (copy != null) {
                    batch.copies.add(new Copy(customerId, sequence, copy));
                }
            }
            batch.progress.put(progress);
        });
    }

    private final class Batch implements BatchScope.Flushable {
        private final DocumentWorkingSet progress;
        private final List<InsertOneModel<Document>> entryWrites = new ArrayList<>();
        private final StateSnapshots.Batch snapshots = TimelineProjection.this.snapshots.batch();
        private final List<Copy> copies = new ArrayList<>();

        private Batch(java.util.Collection<String> customerIds) {
            this.progress = new DocumentWorkingSet(customers, heldCustomers, customerIds);
        }

        @Override
        public void flush() {
            if (!entryWrites.isEmpty()) {
                insertEntries(entryWrites);
                entryWrites.clear();
            }
            for (Copy copy : copies) {
                copy.state.put(HEAD, newestEntries(copy.customerId, copy.sequence));
            }
            copies.clear();
            snapshots.flush(); // after the entries the copies' heads refer to
            progress.flush(); // after the entries, so a reader waiting for a version finds its entry
        }
    }

    /** A copy of a progress document taken in this batch, to be given its head before it is written. */
    private record Copy(String customerId, long sequence, Document state) {}

    /**
     * References (sequence, business time) to the customer's newest {@value #HEAD_SIZE} entries among the
     * first {@code sequence + 1} events, in page order: one walk down the customer's range of keys.
     */
    private List<Document> newestEntries(String customerId, long sequence) {
        List<Document> head = new ArrayList<>(HEAD_SIZE);
        for (Document entry : entries.find(Filters.and(
                        Filters.gte("_id", firstKey(customerId)),
                        Filters.lt("_id", keyAfterLast(customerId)),
                        Filters.lte("sequence", sequence)))
                .sort(Sorts.descending("_id"))
                .limit(HEAD_SIZE)
                .projection(Projections.include("sequence", "occurredAt"))) {
            head.add(new Document("sequence", entry.getLong("sequence"))
                    .append("occurredAt", entry.getDate("occurredAt")));
        }
        return head;
    }

    /**
     * Inserts entries, keeping any that are already there. An entry is named by its event (customer and
     * sequence) and derived from it alone, so one that exists was written from the same event, by a
     * batch whose progress document did not reach the store (a crash between the two writes). Inserting
     * instead of upserting spares every entry a lookup and a replacement in the store.
     */
    private void insertEntries(List<InsertOneModel<Document>> writes) {
        InsertsKeepingExisting.insert(entries, writes);
    }

    private static <T> void addChange(
            List<Document> changes, String field, FieldChange<T> change, Function<T, String> display) {
        if (change == null) {
            return;
        }
        changes.add(new Document("field", field)
                .append("oldValue", Documents.toBson(change.oldValue()))
                .append("newValue", Documents.toBson(change.newValue()))
                .append("display", display.apply(change.oldValue()) + " → " + display.apply(change.newValue())));
    }

    private static String text(String value) {
        return value == null ? "(none)" : value;
    }

    private static String addresses(List<Address> addresses) {
        if (addresses == null || addresses.isEmpty()) {
            return "(none)";
        }
        return addresses.stream()
                .map(a -> (a.label() == null ? "" : a.label() + ": ")
                        + joinNonNull(a.street(), a.postalCode(), a.city(), a.region(), a.country()))
                .collect(Collectors.joining(" | "));
    }

    private static String contacts(List<ContactPoint> contacts) {
        if (contacts == null || contacts.isEmpty()) {
            return "(none)";
        }
        return contacts.stream()
                .map(c -> c.type() + " " + c.value() + (c.label() == null ? "" : " (" + c.label() + ")"))
                .collect(Collectors.joining(" | "));
    }

    private static String joinNonNull(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                present.add(part);
            }
        }
        return String.join(", ", present);
    }

    private static String describeParty(String name, String company) {
        return company == null || company.isBlank() ? name : name + " (" + company + ")";
    }

    private static String channelName(Channel channel) {
        return switch (channel) {
            case PHONE -> "phone call";
            case EMAIL -> "email";
            case SMS -> "SMS";
            case VISIT -> "visit";
            case CHAT -> "chat";
            case COMMUNITY -> "community post";
            case OTHER -> "contact";
        };
    }

    private static String capitalise(String word) {
        return word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The first line of a text, cut to fit a one-line headline. */
    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline).strip() + " …";
        }
        return line.length() <= HEADLINE_TEXT ? line : line.substring(0, HEADLINE_TEXT - 1) + "…";
    }
}
