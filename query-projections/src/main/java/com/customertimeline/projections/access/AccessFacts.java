package com.customertimeline.projections.access;

import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The read side's answers to "who owns this customer" and "which team is this rep in", for the access
 * rules of the service. Ownership is decided by the read model (the rule: access follows the
 * customer as the read model knows it), so a reassignment moves access with the customer as soon as it
 * is projected. Each answer is one indexed lookup by {@code _id} or by an indexed field.
 */
@Component
public class AccessFacts {

    private final MongoCollection<Document> summaries;
    private final MongoCollection<Document> reps;

    public AccessFacts(MongoDatabase readModelDatabase) {
        this.summaries = readModelDatabase.getCollection(CustomerSummaryProjection.COLLECTION);
        this.reps = readModelDatabase.getCollection(RepPortfolioProjection.REPS);
    }

    /** The customer's current owner, empty if the customer is unknown to the read model. */
    public Optional<String> ownerOf(String customerId) {
        Document summary = summaries
                .find(Filters.eq("_id", customerId))
                .projection(Projections.include("ownerRepId"))
                .first();
        return Optional.ofNullable(summary).map(document -> document.getString("ownerRepId"));
    }

    /** The rep's team, empty if the rep is unknown or has none. */
    public Optional<String> teamOf(String repId) {
        Document rep = reps.find(Filters.eq("_id", repId))
                .projection(Projections.include("team"))
                .first();
        return Optional.ofNullable(rep).map(document -> document.getString("team"));
    }

    /** Whether the read model has recorded the rep's departure: a departed rep reads nothing. */
    public boolean hasDeparted(String repId) {
        Document rep = reps.find(Filters.eq("_id", repId))
                .projection(Projections.include("departedAt"))
                .first();
        return rep != null && rep.get("departedAt") != null;
    }

    /** The reps registered in a team. */
    public List<String> repsOfTeam(String team) {
        List<String> ids = new ArrayList<>();
        for (Document rep : reps.find(Filters.eq("team", team)).projection(Projections.include("_id"))) {
            ids.add(rep.getString("_id"));
        }
        return ids;
    }
}
