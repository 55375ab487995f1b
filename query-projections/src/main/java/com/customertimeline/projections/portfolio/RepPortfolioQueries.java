package com.customertimeline.projections.portfolio;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.query.FindRepPortfolio;
import com.customertimeline.domain.query.PortfolioSort;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.support.Documents;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Answers portfolio queries. Sorting happens here rather than in MongoDB because "overdue" depends on the
 * moment of the query; a rep's portfolio is small enough (hundreds of customers) to sort in memory.
 */
@Component
public class RepPortfolioQueries {

    private final MongoCollection<Document> customers;
    private final MongoCollection<Document> reps;
    private final Clock clock;

    public RepPortfolioQueries(@Qualifier("readModelDatabase") MongoDatabase database, Clock clock) {
        this.customers = database.getCollection(RepPortfolioProjection.CUSTOMERS);
        this.reps = database.getCollection(RepPortfolioProjection.REPS);
        this.clock = clock;
    }

    /** The portfolio, or empty if the rep is neither registered nor owns any customer. */
    @QueryHandler
    public Optional<RepPortfolioView> handle(FindRepPortfolio query) {
        Instant now = clock.instant();
        Document rep = reps.find(Filters.eq("_id", query.repId())).first();
        List<RepPortfolioView.Customer> owned = new ArrayList<>();
        for (Document entry : customers.find(Filters.eq("ownerRepId", query.repId()))) {
            owned.add(toCustomer(entry, now));
        }
        if (rep == null && owned.isEmpty()) {
            return Optional.empty();
        }
        Comparator<RepPortfolioView.Customer> order = comparator(query.sort());
        if (query.descending()) {
            order = order.reversed();
        }
        owned.sort(order.thenComparing(c -> lower(c.name())).thenComparing(RepPortfolioView.Customer::customerId));
        return Optional.of(new RepPortfolioView(
                query.repId(),
                rep == null ? null : rep.getString("displayName"),
                rep == null ? null : rep.getString("team"),
                now,
                query.sort(),
                query.descending(),
                owned));
    }

    private static Comparator<RepPortfolioView.Customer> comparator(PortfolioSort sort) {
        return switch (sort) {
            case NAME -> Comparator.comparing(c -> lower(c.name()));
            case LAST_CONTACT ->
                Comparator.comparing(
                        RepPortfolioView.Customer::lastContactAt, Comparator.nullsFirst(Comparator.naturalOrder()));
            case OPEN_COMPLAINTS -> Comparator.comparingInt(RepPortfolioView.Customer::openComplaints);
            case OVERDUE_FOLLOW_UPS -> Comparator.comparingInt(RepPortfolioView.Customer::overdueFollowUps);
        };
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    private static RepPortfolioView.Customer toCustomer(Document entry, Instant now) {
        List<Document> followUps = entry.getList("followUps", Document.class);
        int overdue = 0;
        Instant next = null;
        for (Document followUp : followUps) {
            Instant dueAt = Documents.instant(followUp.getDate("dueAt"));
            if (dueAt.isBefore(now)) {
                overdue++;
            }
            if (next == null || dueAt.isBefore(next)) {
                next = dueAt;
            }
        }
        Instant lastContactAt = Documents.instant(entry.getDate("lastContactAt"));
        String channel = entry.getString("lastContactChannel");
        return new RepPortfolioView.Customer(
                entry.getString("_id"),
                entry.getString("name"),
                entry.getString("company"),
                Documents.instant(entry.getDate("ownerSince")),
                entry.getList("openComplaints", String.class).size(),
                followUps.size(),
                overdue,
                next,
                lastContactAt,
                channel == null ? null : Channel.valueOf(channel),
                lastContactAt == null
                        ? null
                        : Math.max(0, Duration.between(lastContactAt, now).toDays()),
                DocumentWorkingSet.lastSequence(entry));
    }
}
