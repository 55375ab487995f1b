package com.customertimeline.projections.summary;

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
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.projections.support.BatchScope;
import com.customertimeline.projections.support.CatchUpWrites;
import com.customertimeline.projections.support.CustomerEvents;
import com.customertimeline.projections.support.CustomerScopedProjection;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.support.Documents;
import com.customertimeline.projections.support.FollowUps;
import com.customertimeline.projections.support.StateSnapshots;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Keeps one customer-360 document per customer in {@value #COLLECTION}: the current card, ownership and
 * its history, the event-driven lifecycle stage, contact statistics, spend per currency, complaints,
 * satisfaction and open promises. Everything that depends on "now" (days since contact, HISTORICAL,
 * overdue, complaint age, first response still missing) is stored as business times and derived when
 * reading, so the document is a pure function of the events and a replay rebuilds it exactly.
 *
 * <p>Each event is applied once: the document's {@code lastSequence} says which events it already
 * contains and older or repeated ones are skipped. An event for a customer without a document is an
 * error (it means events were lost or handled out of order) and fails the batch instead of being dropped.
 */
@Component
@ProcessingGroup(CustomerSummaryProjection.PROCESSING_GROUP)
public class CustomerSummaryProjection implements CustomerScopedProjection {

    public static final String PROCESSING_GROUP = "customer-summary";
    public static final String COLLECTION = "customer_summaries";

    /** Copies of each summary every {@value StateSnapshots#EVERY} events, for fast as-of views. */
    public static final String SNAPSHOTS = "customer_summary_snapshots";

    /** How many recent interactions and ratings the document keeps for the handover brief. */
    public static final int RECENT = 20;

    private static final String BATCH_KEY = CustomerSummaryProjection.class.getName() + ".batch";

    private final StateSnapshots snapshots;
    private final MongoCollection<Document> summaries;
    private final Map<String, Document> memory;
    private final CatchUpWrites catchUp;
    private final CatchUpWrites.Scope held;

    public CustomerSummaryProjection(@Qualifier("readModelDatabase") MongoDatabase database) {
        this(database, CatchUpWrites.NONE);
    }

    @Autowired
    public CustomerSummaryProjection(@Qualifier("readModelDatabase") MongoDatabase database, CatchUpWrites catchUp) {
        this.summaries = database.getCollection(COLLECTION);
        this.snapshots = new StateSnapshots(database.getCollection(SNAPSHOTS));
        this.memory = null;
        this.catchUp = catchUp;
        this.held = catchUp.scope(PROCESSING_GROUP, summaries);
        createIndexes();
    }

    private CustomerSummaryProjection(Map<String, Document> memory) {
        this.summaries = null;
        this.snapshots = StateSnapshots.none();
        this.memory = memory;
        this.catchUp = CatchUpWrites.NONE;
        this.held = null;
    }

    /**
     * The same projection over summary documents held in a map, stored nowhere: an as-of reconstruction
     * applies the events after a copy to it without a database round trip. Not for a processor (no
     * reset, no copies).
     */
    public static CustomerSummaryProjection inMemory(Map<String, Document> documents) {
        return new CustomerSummaryProjection(documents);
    }

    private void createIndexes() {
        DocumentWorkingSet.dropObsoleteIndexes(summaries);
        summaries.createIndex(
                Indexes.compoundIndex(Indexes.ascending("ownerRepId"), Indexes.ascending("nameSort")),
                new IndexOptions().name("owner_name"));
        summaries.createIndex(Indexes.ascending("searchTerms"), new IndexOptions().name("search_terms"));
        summaries.createIndex(
                Indexes.compoundIndex(Indexes.ascending("stage"), Indexes.ascending("activityAt")),
                new IndexOptions().name("stage_activity"));
        summaries.createIndex(Indexes.ascending("nameSort"), new IndexOptions().name("name_sort"));
        summaries.createIndex(
                Indexes.compoundIndex(Indexes.ascending("ownerRepId"), Indexes.ascending("handoverPending")),
                new IndexOptions().name("owner_handover"));
    }

    @EventHandler
    void on(CustomerRegistered event, @SequenceNumber long sequence) {
        batch(set -> {
            Document existing = set.get(event.customerId()).orElse(null);
            if (existing != null) {
                if (sequence <= DocumentWorkingSet.lastSequence(existing)) {
                    return;
                }
                throw new IllegalStateException(
                        "customer " + event.customerId() + " registered twice (sequence " + sequence + ")");
            }
            Date at = Documents.date(event.occurredAt());
            LifecycleStage stage = event.stage() == null ? LifecycleStage.POTENTIAL : event.stage();
            Document card = Documents.recordToDocument(event.card());
            Document summary = new Document("_id", event.customerId())
                    .append(DocumentWorkingSet.LAST_SEQUENCE, sequence)
                    .append("registeredAt", at)
                    .append("card", card)
                    .append("ownerRepId", event.ownerRepId())
                    .append("ownerSince", at)
                    .append("previousOwners", new ArrayList<Document>())
                    .append("registeredStage", stage.name())
                    .append("activityPeriods", new ArrayList<Document>())
                    .append("stage", stage.name())
                    .append("stageSince", at)
                    .append("activityAt", at)
                    .append("lastContact", null)
                    .append("interactionsByChannel", new Document())
                    .append("interactionCount", 0)
                    .append("purchaseCount", 0)
                    .append("spend", new Document())
                    .append("lastPurchaseAt", null)
                    .append("complaints", new ArrayList<Document>())
                    .append("satisfactionSum", 0)
                    .append("satisfactionCount", 0)
                    .append("satisfactionFives", 0)
                    .append("satisfactionTrend", new ArrayList<Document>())
                    .append("recentInteractions", new ArrayList<Document>())
                    .append("lastPurchase", null)
                    .append("handoverPending", false)
                    .append("handover", null)
                    .append("followUps", new ArrayList<Document>());
            if (Lifecycle.rank(stage) > 0) {
                activity(summary, event.occurredAt(), stage); // registered as already engaged
            } else {
                activity(summary, null, null);
            }
            indexSearch(summary);
            StateSnapshots.recorded(summary);
            set.put(summary);
        });
    }

    @EventHandler
    void on(CustomerCardUpdated event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> {
            Document card = summary.get("card", Document.class);
            if (event.name() != null) {
                card.put("name", event.name().newValue());
            }
            if (event.company() != null) {
                card.put("company", event.company().newValue());
            }
            if (event.position() != null) {
                card.put("position", event.position().newValue());
            }
            if (event.addresses() != null) {
                card.put(
                        "addresses",
                        Documents.toBson(nullToEmpty(event.addresses().newValue())));
            }
            if (event.contacts() != null) {
                card.put(
                        "contacts",
                        Documents.toBson(nullToEmpty(event.contacts().newValue())));
            }
            indexSearch(summary);
        });
    }

    @EventHandler
    void on(InteractionRecorded event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> {
            Date at = Documents.date(event.occurredAt());
            activity(
                    summary,
                    event.occurredAt(),
                    event.direction() == Direction.INBOUND ? LifecycleStage.INTENTIONAL : null);
            Document byChannel = summary.get("interactionsByChannel", Document.class);
            byChannel.put(
                    event.channel().name(), byChannel.getInteger(event.channel().name(), 0) + 1);
            summary.put("interactionCount", summary.getInteger("interactionCount") + 1);
            rate(summary, event.satisfaction(), at, "INTERACTION");
            keepRecent(
                    summary,
                    "recentInteractions",
                    new Document("interactionId", event.interactionId())
                            .append("at", at)
                            .append("channel", event.channel().name())
                            .append("direction", event.direction().name())
                            .append("repId", event.repId())
                            .append("summary", event.summary())
                            .append("satisfaction", event.satisfaction()));
            contact(summary, at, event.channel(), "INTERACTION");
            if (event.followUp() != null) {
                summary.getList("followUps", Document.class)
                        .add(new Document("interactionId", event.interactionId())
                                .append("dueAt", Documents.date(event.followUp().dueAt()))
                                .append("description", event.followUp().description())
                                .append("promisedAt", at)
                                .append("repId", event.repId()));
            }
        });
    }

    @EventHandler
    void on(FollowUpCompleted event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> FollowUps.complete(summary, event));
    }

    @EventHandler
    void on(PurchaseRecorded event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> {
            Date at = Documents.date(event.occurredAt());
            activity(summary, event.occurredAt(), LifecycleStage.PURCHASING);
            summary.put("lastPurchaseAt", Documents.later(summary.getDate("lastPurchaseAt"), at));
            summary.put("purchaseCount", summary.getInteger("purchaseCount") + 1);
            Document spend = summary.get("spend", Document.class);
            String currency = event.total().currency();
            BigDecimal sum = new BigDecimal(spend.getString(currency) == null ? "0" : spend.getString(currency))
                    .add(event.total().amount());
            spend.put(currency, sum.toPlainString());
            Document last = summary.get("lastPurchase", Document.class);
            if (last == null || !at.before(last.getDate("at"))) {
                summary.put(
                        "lastPurchase",
                        new Document("orderId", event.orderId())
                                .append("at", at)
                                .append("amount", event.total().amount().toPlainString())
                                .append("currency", currency));
            }
        });
    }

    @EventHandler
    void on(ComplaintFiled event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> {
            Date at = Documents.date(event.occurredAt());
            activity(summary, event.occurredAt(), LifecycleStage.INTENTIONAL);
            contact(summary, at, event.channel(), "COMPLAINT");
            summary.getList("complaints", Document.class)
                    .add(new Document("complaintId", event.complaintId())
                            .append("channel", event.channel().name())
                            .append("category", event.category())
                            .append("severity", event.severity().name())
                            .append("filedAt", at)
                            .append("description", event.description())
                            .append("filedBy", event.repId())
                            .append("responses", new ArrayList<Document>())
                            .append("firstResponseAt", null)
                            .append("resolvedAt", null)
                            .append("satisfaction", null));
        });
    }

    @EventHandler
    void on(ComplaintResponded event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> {
            Document complaint = complaint(summary, event.customerId(), event.complaintId());
            if (complaint.getDate("firstResponseAt") == null) {
                complaint.put("firstResponseAt", Documents.date(event.occurredAt()));
            }
            complaint
                    .getList("responses", Document.class)
                    .add(new Document("at", Documents.date(event.occurredAt()))
                            .append("repId", event.repId())
                            .append("message", event.message()));
        });
    }

    @EventHandler
    void on(ComplaintResolved event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> {
            Document complaint = complaint(summary, event.customerId(), event.complaintId());
            complaint.put("resolvedAt", Documents.date(event.occurredAt()));
            complaint.put("satisfaction", event.satisfaction());
            complaint.put("resolution", event.resolution());
            complaint.put("resolvedBy", event.repId());
            rate(summary, event.satisfaction(), Documents.date(event.occurredAt()), "COMPLAINT_RESOLVED");
        });
    }

    @EventHandler
    void on(CustomerReassigned event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> {
            Date at = Documents.date(event.occurredAt());
            summary.getList("previousOwners", Document.class)
                    .add(new Document("repId", summary.getString("ownerRepId"))
                            .append("from", summary.getDate("ownerSince"))
                            .append("to", at)
                            .append(
                                    "reason",
                                    event.reason() == null
                                            ? null
                                            : event.reason().name())
                            .append("handoverNote", event.handoverNote()));
            summary.put("ownerRepId", event.toRepId());
            summary.put("ownerSince", at);
            summary.put("handoverPending", true);
            summary.put(
                    "handover",
                    new Document("fromRepId", event.fromRepId())
                            .append("toRepId", event.toRepId())
                            .append("at", at)
                            .append(
                                    "reason",
                                    event.reason() == null
                                            ? null
                                            : event.reason().name())
                            .append("acknowledgedAt", null)
                            .append("acknowledgedBy", null));
        });
    }

    @EventHandler
    void on(HandoverAcknowledged event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, summary -> {
            Document handover = summary.get("handover", Document.class);
            if (handover == null) {
                throw new IllegalStateException("customer " + event.customerId() + " has no handover to acknowledge");
            }
            handover.put("acknowledgedAt", Documents.date(event.occurredAt()));
            handover.put("acknowledgedBy", event.repId());
            summary.put("handoverPending", false);
        });
    }

    /** The summary keeps its facts; its personal texts already read as erased once the key is gone. */
    @EventHandler
    void on(CustomerPersonalDataErased event, @SequenceNumber long sequence) {
        apply(
                event.customerId(),
                sequence,
                summary -> summary.put("personalDataErasedAt", Documents.date(event.occurredAt())));
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(COLLECTION, SNAPSHOTS);
    }

    /** The customer's summary document, the only one this projection keeps about a customer. */
    @Override
    public void forgetCustomer(String customerId) {
        summaries.deleteOne(com.mongodb.client.model.Filters.eq("_id", customerId));
        snapshots.forget(customerId);
    }

    /**
     * Forgets every summary, so a replay rebuilds them from the first event: drops the collection and
     * creates it again with its indexes (faster than deleting each document).
     */
    @ResetHandler
    void reset() {
        catchUp.forget(PROCESSING_GROUP);
        summaries.drop();
        snapshots.drop();
        createIndexes();
    }

    private void batch(Consumer<DocumentWorkingSet> work) {
        summaryBatch(batch -> work.accept(batch.set));
    }

    private void summaryBatch(Consumer<SummaryBatch> work) {
        BatchScope.within(
                BATCH_KEY,
                messages -> new SummaryBatch(
                        memory != null
                                ? new DocumentWorkingSet(memory, CustomerEvents.customerIds(messages))
                                : new DocumentWorkingSet(summaries, held, CustomerEvents.customerIds(messages)),
                        snapshots.batch()),
                work);
    }

    private void apply(String customerId, long sequence, Consumer<Document> change) {
        summaryBatch(batch -> {
            DocumentWorkingSet set = batch.set;
            Document summary = set.get(customerId)
                    .orElseThrow(() -> new IllegalStateException("no summary for customer " + customerId + ": event "
                            + sequence + " cannot be applied (registration missing)"));
            if (sequence <= DocumentWorkingSet.lastSequence(summary)) {
                return;
            }
            change.accept(summary);
            summary.put(DocumentWorkingSet.LAST_SEQUENCE, sequence);
            StateSnapshots.recorded(summary);
            if (StateSnapshots.isSnapshotPoint(sequence)) {
                batch.snapshots.capture(customerId, sequence, summary);
            }
            set.put(summary);
        });
    }

    private record SummaryBatch(DocumentWorkingSet set, StateSnapshots.Batch snapshots)
            implements BatchScope.Flushable {
        @Override
        public void flush() {
            // the copies first: a summary never claims a later sequence than its copies cover
            snapshots.flush();
            set.flush();
        }
    }

    /**
     * Records an activity at {@code at} (null: none, only recompute) that reached {@code reached} (null:
     * contact without engagement) in the active periods, and sets stage, stageSince and activityAt from
     * them, so the stage is the same whatever order the events arrived in ({@link Lifecycle}).
     */
    private static void activity(Document summary, Instant at, LifecycleStage reached) {
        List<Lifecycle.Period> periods = periods(summary);
        if (at != null) {
            periods = Lifecycle.add(periods, at, reached);
        }
        summary.put(
                "activityPeriods",
                new ArrayList<>(periods.stream()
                        .map(p -> new Document("start", Documents.date(p.start()))
                                .append("end", Documents.date(p.end()))
                                .append("rank", p.rank())
                                .append("rankSince", Documents.date(p.rankSince())))
                        .toList()));
        String registered = summary.getString("registeredStage");
        Lifecycle.Standing standing = Lifecycle.standing(
                registered == null ? null : LifecycleStage.valueOf(registered),
                Documents.instant(summary.getDate("registeredAt")),
                periods);
        summary.put("stage", standing.stage().name());
        summary.put("stageSince", Documents.date(standing.since()));
        summary.put("activityAt", Documents.date(standing.activityAt()));
    }

    /**
     * The stored active periods. A document written before they were kept has none: it is seeded from
     * its stage and last activity, which is exact for histories recorded in order (a replay of the
     * projection rebuilds it exactly in any case).
     */
    private static List<Lifecycle.Period> periods(Document summary) {
        List<Document> stored = summary.getList("activityPeriods", Document.class);
        if (stored != null) {
            return stored.stream()
                    .map(d -> new Lifecycle.Period(
                            Documents.instant(d.getDate("start")),
                            Documents.instant(d.getDate("end")),
                            d.getInteger("rank"),
                            Documents.instant(d.getDate("rankSince"))))
                    .toList();
        }
        LifecycleStage stage = LifecycleStage.valueOf(summary.getString("stage"));
        summary.put("registeredStage", Lifecycle.rank(stage) > 0 ? LifecycleStage.POTENTIAL.name() : stage.name());
        if (Lifecycle.rank(stage) == 0) {
            return List.of();
        }
        Instant since = Documents.instant(summary.getDate("stageSince"));
        Instant last = Documents.instant(summary.getDate("activityAt"));
        return List.of(new Lifecycle.Period(since, last.isBefore(since) ? since : last, Lifecycle.rank(stage), since));
    }

    private static void contact(Document summary, Date at, Channel channel, String source) {
        Document last = summary.get("lastContact", Document.class);
        if (last == null || !at.before(last.getDate("at"))) {
            summary.put(
                    "lastContact",
                    new Document("at", at).append("channel", channel.name()).append("source", source));
        }
    }

    private static void rate(Document summary, Integer satisfaction, Date at, String source) {
        if (satisfaction != null) {
            summary.put("satisfactionSum", summary.getInteger("satisfactionSum") + satisfaction);
            summary.put("satisfactionCount", summary.getInteger("satisfactionCount") + 1);
            if (satisfaction == 5) {
                summary.put("satisfactionFives", summary.getInteger("satisfactionFives", 0) + 1);
            }
            keepRecent(
                    summary,
                    "satisfactionTrend",
                    new Document("at", at).append("score", satisfaction).append("source", source));
        }
    }

    /**
     * Adds an entry to a short list kept newest first by business time (imports may arrive out of order)
     * and trims it to {@link #RECENT}. The full history stays in the timeline; this is the brief's digest.
     */
    private static void keepRecent(Document summary, String field, Document entry) {
        List<Document> list = new ArrayList<>(summary.getList(field, Document.class, List.of()));
        list.add(entry);
        list.sort(
                java.util.Comparator.comparing((Document d) -> d.getDate("at")).reversed());
        summary.put(field, new ArrayList<>(list.subList(0, Math.min(RECENT, list.size()))));
    }

    private static Document complaint(Document summary, String customerId, String complaintId) {
        return summary.getList("complaints", Document.class).stream()
                .filter(c -> complaintId.equals(c.getString("complaintId")))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("customer " + customerId + " has no complaint " + complaintId));
    }

    /** Lower-cased name, company and contact values, matched by search. */
    private static void indexSearch(Document summary) {
        Document card = summary.get("card", Document.class);
        Set<String> terms = new LinkedHashSet<>();
        addTerm(terms, card.getString("name"));
        addTerm(terms, card.getString("company"));
        for (Document contact : card.getList("contacts", Document.class, List.of())) {
            addTerm(terms, contact.getString("value"));
        }
        summary.put("searchTerms", new ArrayList<>(terms));
        String name = card.getString("name");
        summary.put("nameSort", name == null ? "" : name.toLowerCase(Locale.ROOT));
    }

    private static void addTerm(Set<String> terms, String value) {
        if (value != null && !value.isBlank()) {
            terms.add(value.strip().toLowerCase(Locale.ROOT));
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
