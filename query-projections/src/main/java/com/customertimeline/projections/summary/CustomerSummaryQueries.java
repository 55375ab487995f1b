package com.customertimeline.projections.summary;

import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.ContactType;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.query.FindCustomerSummary;
import com.customertimeline.domain.query.SearchCustomers;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.support.Documents;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Answers summary and search queries from {@value CustomerSummaryProjection#COLLECTION}, deriving the
 * time-dependent fields from the injected clock.
 */
@Component
public class CustomerSummaryQueries {

    private final MongoCollection<Document> summaries;
    private final Clock clock;

    public CustomerSummaryQueries(@Qualifier("readModelDatabase") MongoDatabase database, Clock clock) {
        this.summaries = database.getCollection(CustomerSummaryProjection.COLLECTION);
        this.clock = clock;
    }

    @QueryHandler
    public Optional<CustomerSummaryView> handle(FindCustomerSummary query) {
        Document summary = summaries.find(Filters.eq("_id", query.customerId())).first();
        return Optional.ofNullable(summary).map(s -> toView(s, clock.instant()));
    }

    @QueryHandler
    public CustomerSearchPage handle(SearchCustomers query) {
        Instant now = clock.instant();
        List<Bson> filters = new ArrayList<>();
        if (query.q() != null && !query.q().isBlank()) {
            String fragment = Pattern.quote(query.q().strip().toLowerCase(Locale.ROOT));
            filters.add(Filters.regex("searchTerms", fragment));
        }
        if (query.ownerRepId() != null && !query.ownerRepId().isBlank()) {
            filters.add(Filters.eq("ownerRepId", query.ownerRepId()));
        }
        if (query.visibleOwners() != null) {
            filters.add(Filters.in("ownerRepId", query.visibleOwners()));
        }
        if (query.stage() != null) {
            filters.add(stageFilter(query.stage(), now));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        int size = Math.max(1, Math.min(query.size(), SearchCustomers.MAX_SIZE));
        int page = Math.max(0, query.page());
        long total = summaries.countDocuments(filter);
        List<CustomerSearchPage.Hit> items = new ArrayList<>();
        for (Document summary : summaries
                .find(filter)
                .sort(Sorts.ascending("nameSort", "_id"))
                .skip(page * size)
                .limit(size)) {
            Document card = summary.get("card", Document.class);
            Document lastContact = summary.get("lastContact", Document.class);
            items.add(new CustomerSearchPage.Hit(
                    summary.getString("_id"),
                    card.getString("name"),
                    card.getString("company"),
                    summary.getString("ownerRepId"),
                    stage(summary, now),
                    lastContact == null ? null : Documents.instant(lastContact.getDate("at")),
                    DocumentWorkingSet.lastSequence(summary)));
        }
        return new CustomerSearchPage(items, page, size, total, (long) (page + 1) * size < total);
    }

    /** Matches the stage as seen now: HISTORICAL is stored for imports and derived for dormant customers. */
    private static Bson stageFilter(LifecycleStage stage, Instant now) {
        Date dormantBefore = Date.from(now.minus(Lifecycle.DORMANCY));
        Bson engaged = Filters.in("stage", LifecycleStage.INTENTIONAL.name(), LifecycleStage.PURCHASING.name());
        return switch (stage) {
            case POTENTIAL -> Filters.eq("stage", stage.name());
            case INTENTIONAL, PURCHASING ->
                Filters.and(Filters.eq("stage", stage.name()), Filters.gte("activityAt", dormantBefore));
            case HISTORICAL ->
                Filters.or(
                        Filters.eq("stage", stage.name()),
                        Filters.and(engaged, Filters.lt("activityAt", dormantBefore)));
        };
    }

    private static LifecycleStage stage(Document summary, Instant now) {
        return Lifecycle.stageAt(
                LifecycleStage.valueOf(summary.getString("stage")),
                Documents.instant(summary.getDate("activityAt")),
                now);
    }

    /**
     * The view of a summary document as a reader at {@code now} sees it. Public so that as-of
     * reconstructions read a rebuilt document exactly as the live endpoint reads the current one.
     */
    public static CustomerSummaryView toView(Document summary, Instant now) {
        Document lastContact = summary.get("lastContact", Document.class);
        CustomerSummaryView.LastContact contact = null;
        if (lastContact != null) {
            Instant at = Documents.instant(lastContact.getDate("at"));
            contact = new CustomerSummaryView.LastContact(
                    at,
                    Channel.valueOf(lastContact.getString("channel")),
                    lastContact.getString("source"),
                    Math.max(0, Duration.between(at, now).toDays()));
        }
        Map<Channel, Integer> byChannel = new EnumMap<>(Channel.class);
        summary.get("interactionsByChannel", Document.class)
                .forEach((channel, count) -> byChannel.put(Channel.valueOf(channel), (Integer) count));
        List<Money> spend = new ArrayList<>();
        summary.get("spend", Document.class)
                .forEach((currency, amount) -> spend.add(new Money(new BigDecimal((String) amount), currency)));
        spend.sort(Comparator.comparing(Money::currency));

        List<CustomerSummaryView.Complaint> open = new ArrayList<>();
        List<CustomerSummaryView.Complaint> late = new ArrayList<>();
        for (Document complaint : summary.getList("complaints", Document.class)) {
            CustomerSummaryView.Complaint view = complaint(complaint, now);
            if (view.resolvedAt() == null) {
                open.add(view);
            }
            if (view.firstResponseLate()) {
                late.add(view);
            }
        }
        List<CustomerSummaryView.Promise> promises = new ArrayList<>();
        for (Document followUp : summary.getList("followUps", Document.class)) {
            Instant dueAt = Documents.instant(followUp.getDate("dueAt"));
            promises.add(new CustomerSummaryView.Promise(
                    followUp.getString("interactionId"),
                    followUp.getString("description"),
                    dueAt,
                    Documents.instant(followUp.getDate("promisedAt")),
                    followUp.getString("repId"),
                    dueAt.isBefore(now)));
        }
        promises.sort(Comparator.comparing(CustomerSummaryView.Promise::dueAt)
                .thenComparing(CustomerSummaryView.Promise::interactionId));
        int ratings = summary.getInteger("satisfactionCount");
        Double average = ratings == 0 ? null : summary.getInteger("satisfactionSum") / (double) ratings;
        Double shareOfFives = ratings == 0 ? null : summary.getInteger("satisfactionFives", 0) / (double) ratings;
        List<CustomerSummaryView.PreviousOwner> previousOwners = new ArrayList<>();
        for (Document owner : summary.getList("previousOwners", Document.class)) {
            previousOwners.add(new CustomerSummaryView.PreviousOwner(
                    owner.getString("repId"),
                    Documents.instant(owner.getDate("from")),
                    Documents.instant(owner.getDate("to")),
                    owner.getString("reason"),
                    owner.getString("handoverNote")));
        }
        return new CustomerSummaryView(
                summary.getString("_id"),
                DocumentWorkingSet.lastSequence(summary),
                now,
                card(summary.get("card", Document.class)),
                Documents.instant(summary.getDate("registeredAt")),
                new CustomerSummaryView.Owner(
                        summary.getString("ownerRepId"), Documents.instant(summary.getDate("ownerSince"))),
                previousOwners,
                stage(summary, now),
                Lifecycle.stageSinceAt(
                        LifecycleStage.valueOf(summary.getString("stage")),
                        Documents.instant(summary.getDate("stageSince")),
                        Documents.instant(summary.getDate("activityAt")),
                        now),
                contact,
                byChannel,
                summary.getInteger("interactionCount"),
                summary.getInteger("purchaseCount"),
                spend,
                Documents.instant(summary.getDate("lastPurchaseAt")),
                open,
                late,
                average,
                ratings,
                shareOfFives,
                promises,
                (int) promises.stream()
                        .filter(CustomerSummaryView.Promise::overdue)
                        .count(),
                handover(summary.get("handover", Document.class)),
                Documents.instant(summary.getDate("personalDataErasedAt")));
    }

    static CustomerSummaryView.Handover handover(Document handover) {
        if (handover == null) {
            return null;
        }
        return new CustomerSummaryView.Handover(
                handover.getString("fromRepId"),
                handover.getString("toRepId"),
                Documents.instant(handover.getDate("at")),
                handover.getString("reason"),
                handover.getDate("acknowledgedAt") != null,
                Documents.instant(handover.getDate("acknowledgedAt")),
                handover.getString("acknowledgedBy"));
    }

    private static CustomerSummaryView.Complaint complaint(Document complaint, Instant now) {
        Instant filedAt = Documents.instant(complaint.getDate("filedAt"));
        Instant firstResponseAt = Documents.instant(complaint.getDate("firstResponseAt"));
        Instant resolvedAt = Documents.instant(complaint.getDate("resolvedAt"));
        Duration age = Duration.between(filedAt, resolvedAt == null ? now : resolvedAt);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        return new CustomerSummaryView.Complaint(
                complaint.getString("complaintId"),
                Channel.valueOf(complaint.getString("channel")),
                complaint.getString("category"),
                ComplaintSeverity.valueOf(complaint.getString("severity")),
                filedAt,
                age.toHours(),
                age.toDays(),
                firstResponseAt,
                resolvedAt,
                ComplaintRules.firstResponseLate(filedAt, firstResponseAt, resolvedAt, now));
    }

    static CustomerCard card(Document card) {
        List<Address> addresses = new ArrayList<>();
        for (Document a : card.getList("addresses", Document.class, List.of())) {
            addresses.add(new Address(
                    a.getString("label"),
                    a.getString("street"),
                    a.getString("city"),
                    a.getString("postalCode"),
                    a.getString("region"),
                    a.getString("country")));
        }
        List<ContactPoint> contacts = new ArrayList<>();
        for (Document c : card.getList("contacts", Document.class, List.of())) {
            contacts.add(new ContactPoint(
                    c.getString("type") == null ? null : ContactType.valueOf(c.getString("type")),
                    c.getString("value"),
                    c.getString("label")));
        }
        return new CustomerCard(
                card.getString("name"), card.getString("company"), card.getString("position"), addresses, contacts);
    }
}
