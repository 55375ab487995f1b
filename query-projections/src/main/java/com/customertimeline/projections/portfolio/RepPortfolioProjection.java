package com.customertimeline.projections.portfolio;

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
import com.customertimeline.domain.rep.RepDeparted;
import com.customertimeline.domain.rep.RepRegistered;
import com.customertimeline.projections.support.BatchScope;
import com.customertimeline.projections.support.CatchUpWrites;
import com.customertimeline.projections.support.CustomerEvents;
import com.customertimeline.projections.support.CustomerScopedProjection;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.support.Documents;
import com.customertimeline.projections.support.FollowUps;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
 * Keeps, per customer, the line a rep sees in their portfolio ({@value #CUSTOMERS}: owner, name, company,
 * open complaint ids, open promises with due dates, last contact) and the reps themselves
 * ({@value #REPS}). The portfolio is one document per customer rather than one per rep because events of
 * different customers are handled in parallel segments: per-customer documents are only ever written by
 * the segment owning that customer, so no two threads contend for one document. A rep's portfolio is the
 * query {@code ownerRepId = rep}; "overdue" is derived from the due dates when reading.
 *
 * <p>Every customer event advances the document's {@code lastSequence} (even those that change nothing
 * visible here) so read-your-writes can wait for any command's version.
 */
@Component
@ProcessingGroup(RepPortfolioProjection.PROCESSING_GROUP)
public class RepPortfolioProjection implements CustomerScopedProjection {

    public static final String PROCESSING_GROUP = "rep-portfolio";
    public static final String CUSTOMERS = "portfolio_customers";
    public static final String REPS = "portfolio_reps";

    private static final String BATCH_KEY = RepPortfolioProjection.class.getName() + ".batch";

    private final MongoCollection<Document> customers;
    private final MongoCollection<Document> reps;
    private final CatchUpWrites catchUp;
    private final CatchUpWrites.Scope heldCustomers;
    private final CatchUpWrites.Scope heldReps;

    public RepPortfolioProjection(@Qualifier("readModelDatabase") MongoDatabase database) {
        this(database, CatchUpWrites.NONE);
    }

    @Autowired
    public RepPortfolioProjection(@Qualifier("readModelDatabase") MongoDatabase database, CatchUpWrites catchUp) {
        this.customers = database.getCollection(CUSTOMERS);
        this.reps = database.getCollection(REPS);
        this.catchUp = catchUp;
        this.heldCustomers = catchUp.scope(PROCESSING_GROUP, customers);
        this.heldReps = catchUp.scope(PROCESSING_GROUP, reps);
        createIndexes();
    }

    private void createIndexes() {
        DocumentWorkingSet.dropObsoleteIndexes(customers);
        DocumentWorkingSet.dropObsoleteIndexes(reps);
        customers.createIndex(
                Indexes.compoundIndex(Indexes.ascending("ownerRepId"), Indexes.ascending("nameSort")),
                new IndexOptions().name("owner_name"));
    }

    @EventHandler
    void on(RepRegistered event, @SequenceNumber long sequence) {
        batch(batch -> {
            Document existing = batch.reps.get(event.repId()).orElse(null);
            if (existing != null && sequence <= DocumentWorkingSet.lastSequence(existing)) {
                return;
            }
            batch.reps.put(new Document("_id", event.repId())
                    .append(DocumentWorkingSet.LAST_SEQUENCE, sequence)
                    .append("displayName", event.displayName())
                    .append("team", event.team())
                    .append("registeredAt", Documents.date(event.occurredAt())));
        });
    }

    @EventHandler
    void on(CustomerRegistered event, @SequenceNumber long sequence) {
        batch(batch -> {
            Document existing = batch.customers.get(event.customerId()).orElse(null);
            if (existing != null) {
                if (sequence <= DocumentWorkingSet.lastSequence(existing)) {
                    return;
                }
                throw new IllegalStateException(
                        "customer " + event.customerId() + " registered twice (sequence " + sequence + ")");
            }
            Document entry = new Document("_id", event.customerId())
                    .append(DocumentWorkingSet.LAST_SEQUENCE, sequence)
                    .append("ownerRepId", event.ownerRepId())
                    .append("ownerSince", Documents.date(event.occurredAt()))
                    .append("name", event.card().name())
                    .append("nameSort", sortKey(event.card().name()))
                    .append("company", event.card().company())
                    .append("openComplaints", new ArrayList<String>())
                    .append("followUps", new ArrayList<Document>())
                    .append("lastContactAt", null)
                    .append("lastContactChannel", null);
            batch.customers.put(entry);
        });
    }

    @EventHandler
    void on(CustomerCardUpdated event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, entry -> {
            if (event.name() != null) {
                entry.put("name", event.name().newValue());
                entry.put("nameSort", sortKey(event.name().newValue()));
            }
            if (event.company() != null) {
                entry.put("company", event.company().newValue());
            }
        });
    }

    @EventHandler
    void on(InteractionRecorded event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, entry -> {
            contact(entry, Documents.date(event.occurredAt()), event.channel());
            if (event.followUp() != null) {
                entry.getList("followUps", Document.class)
                        .add(new Document("interactionId", event.interactionId())
                                .append("dueAt", Documents.date(event.followUp().dueAt())));
            }
        });
    }

    @EventHandler
    void on(FollowUpCompleted event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, entry -> FollowUps.complete(entry, event));
    }

    @EventHandler
    void on(PurchaseRecorded event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, entry -> {});
    }

    @EventHandler
    void on(ComplaintFiled event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, entry -> {
            contact(entry, Documents.date(event.occurredAt()), event.channel());
            entry.getList("openComplaints", String.class).add(event.complaintId());
        });
    }

    @EventHandler
    void on(ComplaintResponded event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, entry -> {});
    }

    @EventHandler
    void on(ComplaintResolved event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, entry -> {
            if (!entry.getList("openComplaints", String.class).remove(event.complaintId())) {
                throw new IllegalStateException(
                        "customer " + event.customerId() + " has no open complaint " + event.complaintId());
            }
        });
    }

    @EventHandler
    void on(CustomerReassigned event, @SequenceNumber long sequence) {
        apply(event.customerId(), sequence, entry -> {
            entry.put("ownerRepId", event.toRepId());
            entry.put("ownerSince", Documents.date(event.occurredAt()));
            entry.put("handoverAcknowledgedAt", null);
        });
    }

    @EventHandler
    void on(HandoverAcknowledged event, @SequenceNumber long sequence) {
        apply(
                event.customerId(),
                sequence,
                entry -> entry.put("handoverAcknowledgedAt", Documents.date(event.occurredAt())));
    }

    @EventHandler
    void on(CustomerPersonalDataErased event, @SequenceNumber long sequence) {
        apply(
                event.customerId(),
                sequence,
                entry -> entry.put("personalDataErasedAt", Documents.date(event.occurredAt())));
    }

    @EventHandler
    void on(RepDeparted event, @SequenceNumber long sequence) {
        batch(batch -> {
            Document rep = batch.reps
                    .get(event.repId())
                    .orElseThrow(() -> new IllegalStateException("no rep " + event.repId() + " to depart"));
            if (sequence <= DocumentWorkingSet.lastSequence(rep)) {
                return;
            }
            rep.put("departedAt", Documents.date(event.occurredAt()));
            rep.put("successorRepIds", event.successorRepIds());
            rep.put(DocumentWorkingSet.LAST_SEQUENCE, sequence);
            batch.reps.put(rep);
        });
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(CUSTOMERS, REPS);
    }

    /**
     * The customer's portfolio entry. The reps' documents follow from the reps' streams, not the
     * customer's, and stay.
     */
    @Override
    public void forgetCustomer(String customerId) {
        customers.deleteOne(com.mongodb.client.model.Filters.eq("_id", customerId));
    }

    /**
     * Forgets all portfolios and reps, so a replay rebuilds them from the first event: drops the
     * collections and creates them again with their indexes (faster than deleting each document).
     */
    @ResetHandler
    void reset() {
        catchUp.forget(PROCESSING_GROUP);
        customers.drop();
        reps.drop();
        createIndexes();
    }

    private void batch(Consumer<PortfolioBatch> work) {
        BatchScope.within(
                BATCH_KEY,
                messages -> new PortfolioBatch(
                        new DocumentWorkingSet(customers, heldCustomers, CustomerEvents.customerIds(messages)),
                        new DocumentWorkingSet(reps, heldReps, CustomerEvents.repIds(messages))),
                work);
    }

    private void apply(String customerId, long sequence, Consumer<Document> change) {
        batch(batch -> {
            Document entry = batch.customers
                    .get(customerId)
                    .orElseThrow(() -> new IllegalStateException("no portfolio entry for customer " + customerId
                            + ": event " + sequence + " cannot be applied (registration missing)"));
            if (sequence <= DocumentWorkingSet.lastSequence(entry)) {
                return;
            }
            change.accept(entry);
            entry.put(DocumentWorkingSet.LAST_SEQUENCE, sequence);
            batch.customers.put(entry);
        });
    }

    private record PortfolioBatch(DocumentWorkingSet customers, DocumentWorkingSet reps)
            implements BatchScope.Flushable {
        @Override
        public void flush() {
            reps.flush();
            customers.flush();
        }
    }

    private static void contact(Document entry, Date at, Channel channel) {
        Date last = entry.getDate("lastContactAt");
        if (last == null || !at.before(last)) {
            entry.put("lastContactAt", at);
            entry.put("lastContactChannel", channel.name());
        }
    }

    private static String sortKey(String name) {
        return name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
    }
}
