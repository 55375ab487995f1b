package com.customertimeline.projections.summary;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.query.FindHandoverBrief;
import com.customertimeline.domain.query.FindPendingHandovers;
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
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Answers the handover questions from the customer-360 projection, whose documents keep the brief's
 * parts (complaint histories, recent interactions and ratings, ownership chain, handover state).
 */
@Component
public class HandoverBriefQueries {

    private final MongoCollection<Document> summaries;
    private final Clock clock;

    public HandoverBriefQueries(@Qualifier("readModelDatabase") MongoDatabase database, Clock clock) {
        this.summaries = database.getCollection(CustomerSummaryProjection.COLLECTION);
        this.clock = clock;
    }

    @QueryHandler
    public Optional<HandoverBriefView> handle(FindHandoverBrief query) {
        Document summary = summaries.find(Filters.eq("_id", query.customerId())).first();
        return Optional.ofNullable(summary).map(s -> toBrief(s, clock.instant()));
    }

    @QueryHandler
    public PendingHandoversView handle(FindPendingHandovers query) {
        List<PendingHandoversView.PendingHandover> pending = new ArrayList<>();
        Instant now = clock.instant();
        for (Document summary : summaries
                .find(Filters.and(Filters.eq("ownerRepId", query.repId()), Filters.eq("handoverPending", true)))
                .sort(Sorts.ascending("_id"))) {
            CustomerSummaryView view = CustomerSummaryQueries.toView(summary, now);
            pending.add(new PendingHandoversView.PendingHandover(
                    view.customerId(),
                    view.card().name(),
                    view.card().company(),
                    view.lastHandover().fromRepId(),
                    view.lastHandover().reason(),
                    view.lastHandover().at(),
                    view.openComplaints().size(),
                    view.overdueFollowUps()));
        }
        pending.sort(Comparator.comparing(PendingHandoversView.PendingHandover::receivedAt)
                .thenComparing(PendingHandoversView.PendingHandover::customerId));
        return new PendingHandoversView(query.repId(), pending);
    }

    /** Builds the brief from a summary document as it stood at {@code now}. */
    public static HandoverBriefView toBrief(Document summary, Instant now) {
        CustomerSummaryView view = CustomerSummaryQueries.toView(summary, now);
        Document last = summary.get("lastPurchase", Document.class);
        HandoverBriefView.LastPurchase lastPurchase = last == null
                ? null
                : new HandoverBriefView.LastPurchase(
                        last.getString("orderId"),
                        Documents.instant(last.getDate("at")),
                        new Money(new BigDecimal(last.getString("amount")), last.getString("currency")));

        List<HandoverBriefView.OpenComplaint> complaints = new ArrayList<>();
        for (Document complaint : summary.getList("complaints", Document.class)) {
            if (complaint.getDate("resolvedAt") != null) {
                continue;
            }
            Instant filedAt = Documents.instant(complaint.getDate("filedAt"));
            Instant firstResponseAt = Documents.instant(complaint.getDate("firstResponseAt"));
            List<HandoverBriefView.Response> responses = new ArrayList<>();
            for (Document response : complaint.getList("responses", Document.class, List.of())) {
                responses.add(new HandoverBriefView.Response(
                        Documents.instant(response.getDate("at")),
                        response.getString("repId"),
                        response.getString("message")));
            }
            complaints.add(new HandoverBriefView.OpenComplaint(
                    complaint.getString("complaintId"),
                    Channel.valueOf(complaint.getString("channel")),
                    complaint.getString("category"),
                    com.customertimeline.domain.model.ComplaintSeverity.valueOf(complaint.getString("severity")),
                    complaint.getString("description"),
                    filedAt,
                    complaint.getString("filedBy"),
                    Math.max(0, Duration.between(filedAt, now).toHours()),
                    firstResponseAt,
                    ComplaintRules.firstResponseLate(filedAt, firstResponseAt, null, now),
                    responses));
        }
        complaints.sort(Comparator.comparing(HandoverBriefView.OpenComplaint::filedAt));

        List<CustomerSummaryView.Promise> promises = new ArrayList<>(view.openFollowUps());
        promises.sort(Comparator.comparing((CustomerSummaryView.Promise p) -> !p.overdue())
                .thenComparing(CustomerSummaryView.Promise::dueAt)
                .thenComparing(CustomerSummaryView.Promise::interactionId));

        List<HandoverBriefView.RecentInteraction> interactions = new ArrayList<>();
        for (Document i : summary.getList("recentInteractions", Document.class, List.of())) {
            interactions.add(new HandoverBriefView.RecentInteraction(
                    i.getString("interactionId"),
                    Documents.instant(i.getDate("at")),
                    Channel.valueOf(i.getString("channel")),
                    Direction.valueOf(i.getString("direction")),
                    i.getString("repId"),
                    i.getString("summary"),
                    i.getInteger("satisfaction")));
        }
        List<HandoverBriefView.Rating> ratings = new ArrayList<>();
        for (Document r : summary.getList("satisfactionTrend", Document.class, List.of())) {
            ratings.add(new HandoverBriefView.Rating(
                    Documents.instant(r.getDate("at")), r.getInteger("score"), r.getString("source")));
        }

        List<HandoverBriefView.Ownership> chain = new ArrayList<>();
        for (CustomerSummaryView.PreviousOwner owner : view.previousOwners()) {
            chain.add(new HandoverBriefView.Ownership(
                    owner.repId(), owner.from(), owner.to(), owner.reason(), owner.handoverNote()));
        }
        chain.add(new HandoverBriefView.Ownership(
                view.owner().repId(), view.owner().since(), null, null, null));

        return new HandoverBriefView(
                view.customerId(),
                view.version(),
                now,
                view.card(),
                view.stage(),
                view.stageSince(),
                new HandoverBriefView.Value(view.purchaseCount(), view.totalSpend(), lastPurchase),
                complaints,
                promises,
                interactions,
                new HandoverBriefView.Satisfaction(
                        view.averageSatisfaction(),
                        view.satisfactionRatings(),
                        view.shareOfFives(),
                        trend(ratings),
                        ratings),
                chain,
                view.lastHandover());
    }

    /** Compares the latest five ratings (newest first in {@code ratings}) with the five before them. */
    static String trend(List<HandoverBriefView.Rating> ratings) {
        if (ratings.size() < 6) {
            return "NOT_ENOUGH_RATINGS";
        }
        double latest = average(ratings.subList(0, 5));
        double before = average(ratings.subList(5, Math.min(10, ratings.size())));
        if (latest - before >= 0.5) {
            return "IMPROVING";
        }
        if (before - latest >= 0.5) {
            return "DECLINING";
        }
        return "STEADY";
    }

    private static double average(List<HandoverBriefView.Rating> ratings) {
        return ratings.stream()
                .mapToInt(HandoverBriefView.Rating::score)
                .average()
                .orElse(0);
    }
}
