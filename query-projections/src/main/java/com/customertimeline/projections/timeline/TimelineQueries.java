package com.customertimeline.projections.timeline;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.support.DocumentWorkingSet;
import com.customertimeline.projections.support.Documents;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/** Answers timeline queries with keyset pagination over (occurredAt, sequence), read as a range of keys. */
@Component
public class TimelineQueries {

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> customers;

    public TimelineQueries(@Qualifier("readModelDatabase") MongoDatabase database) {
        this.entries = database.getCollection(TimelineProjection.ENTRIES);
        this.customers = database.getCollection(TimelineProjection.CUSTOMERS);
    }

    /**
     * One page of the timeline, or empty if the customer has no timeline.
     *
     * @throws IllegalArgumentException if the cursor is malformed or was made for the other order
     */
    @QueryHandler
    public Optional<TimelinePage> handle(FindCustomerTimeline query) {
        return handle(query, Long.MAX_VALUE);
    }

    /**
     * The page as it stood when the customer's last event was {@code lastSequence}: entries never change
     * once written, so that is the current entries up to that sequence number (an as-of view of a
     * filtered or later page).
     */
    public Optional<TimelinePage> handle(FindCustomerTimeline query, long lastSequence) {
        Document progress =
                customers.find(Filters.eq("_id", query.customerId())).first();
        if (progress == null) {
            return Optional.empty();
        }
        boolean desc = query.newestFirst();
        int limit = Math.max(1, Math.min(query.limit(), FindCustomerTimeline.MAX_LIMIT));
        boolean current = lastSequence >= DocumentWorkingSet.lastSequence(progress);
        String customerId = query.customerId();
        // one range of _id, read in the page's order (see TimelineProjection.storageKey)
        String lowest = query.from() == null
                ? TimelineProjection.firstKey(customerId)
                : TimelineProjection.keyAt(customerId, Date.from(query.from()));
        String aboveHighest = query.to() == null
                ? TimelineProjection.keyAfterLast(customerId)
                : TimelineProjection.keyAt(customerId, Date.from(query.to()));
        List<Bson> filters = new ArrayList<>();
        // the customer named too: on MongoDB it lets a selective kind or rep filter use its index
        filters.add(Filters.eq("customerId", customerId));
        filters.add(Filters.gte("_id", lowest));
        filters.add(Filters.lt("_id", aboveHighest));
        if (query.cursor() != null && !query.cursor().isBlank()) {
            TimelineCursor cursor = TimelineCursor.decode(query.cursor());
            if (cursor.newestFirst() != desc) {
                throw new IllegalArgumentException("the cursor was made for the other order");
            }
            String after =
                    TimelineProjection.storageKey(customerId, new Date(cursor.occurredAtMillis()), cursor.sequence());
            filters.add(desc ? Filters.lt("_id", after) : Filters.gt("_id", after));
        }
        if (!current) {
            filters.add(Filters.lte("sequence", lastSequence));
        }
        if (!query.kinds().isEmpty()) {
            filters.add(Filters.in(
                    "kind", query.kinds().stream().map(TimelineKind::name).toList()));
        }
        if (!query.channels().isEmpty()) {
            filters.add(Filters.in(
                    "channel", query.channels().stream().map(Channel::name).toList()));
        }
        if (query.repId() != null && !query.repId().isBlank()) {
            filters.add(Filters.eq("repId", query.repId()));
        }
        Bson sort = desc ? Sorts.descending("_id") : Sorts.ascending("_id");
        List<TimelinePage.Entry> page = new ArrayList<>();
        String nextCursor = null;
        for (Document entry : entries.find(Filters.and(filters)).sort(sort).limit(limit + 1)) {
            if (page.size() == limit) {
                TimelinePage.Entry last = page.get(page.size() - 1);
                nextCursor = new TimelineCursor(last.occurredAt().toEpochMilli(), last.sequence(), desc).encode();
                break;
            }
            page.add(toEntry(entry));
        }
        return Optional.of(new TimelinePage(
                query.customerId(),
                Math.min(lastSequence, DocumentWorkingSet.lastSequence(progress)),
                page,
                nextCursor));
    }

    /** The newest-first first page with no filter: what a copy's head holds for an as-of view. */
    public static boolean isFirstPageOfEverything(FindCustomerTimeline query) {
        return query.newestFirst()
                && (query.cursor() == null || query.cursor().isBlank())
                && query.kinds().isEmpty()
                && query.channels().isEmpty()
                && (query.repId() == null || query.repId().isBlank())
                && query.from() == null
                && query.to() == null;
    }

    @SuppressWarnings("unchecked")
    private static TimelinePage.Entry toEntry(Document entry) {
        String channel = entry.getString("channel");
        return new TimelinePage.Entry(
                TimelineProjection.entryId(entry.getString("customerId"), entry.getLong("sequence")),
                entry.getLong("sequence"),
                TimelineKind.valueOf(entry.getString("kind")),
                Documents.instant(entry.getDate("occurredAt")),
                Documents.instant(entry.getDate("recordedAt")),
                entry.getString("repId"),
                channel == null ? null : Channel.valueOf(channel),
                entry.getString("headline"),
                (Map<String, Object>) Documents.toPlain(entry.get("detail", Document.class)));
    }
}
