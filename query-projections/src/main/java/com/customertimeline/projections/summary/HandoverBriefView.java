package com.customertimeline.projections.summary;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.Money;
import java.time.Instant;
import java.util.List;

/**
 * What an incoming owner needs on day one: who the customer is and what they are worth, what is still
 * wrong (open complaints with their history and whether the 24-hour promise was broken), what was
 * promised (open follow-ups, overdue first, by whichever owner made them), how recent conversations
 * went, who owned the customer before and what they wrote at each handover, and whether the current
 * owner has acknowledged taking over.
 */
public record HandoverBriefView(
        String customerId,
        long version,
        Instant asOf,
        CustomerCard card,
        LifecycleStage stage,
        Instant stageSince,
        Value value,
        List<OpenComplaint> openComplaints,
        List<CustomerSummaryView.Promise> openFollowUps,
        List<RecentInteraction> recentInteractions,
        Satisfaction satisfaction,
        List<Ownership> ownershipChain,
        CustomerSummaryView.Handover handover) {

    /** Purchase count, spend per currency and the latest purchase. */
    public record Value(int purchaseCount, List<Money> totalSpend, LastPurchase lastPurchase) {}

    public record LastPurchase(String orderId, Instant at, Money total) {}

    public record OpenComplaint(
            String complaintId,
            Channel channel,
            String category,
            ComplaintSeverity severity,
            String description,
            Instant filedAt,
            String filedBy,
            long ageHours,
            Instant firstResponseAt,
            boolean firstResponsePromiseBroken,
            List<Response> responses) {}

    public record Response(Instant at, String repId, String message) {}

    public record RecentInteraction(
            String interactionId,
            Instant at,
            Channel channel,
            Direction direction,
            String repId,
            String summary,
            Integer satisfaction) {}

    /**
     * Ratings with their trend: {@code IMPROVING} or {@code DECLINING} when the latest five ratings
     * average at least half a point above or below the (up to five) ratings before them, {@code STEADY} otherwise, and
     * {@code NOT_ENOUGH_RATINGS} below six ratings.
     */
    public record Satisfaction(Double average, int ratings, Double shareOfFives, String trend, List<Rating> recent) {}

    public record Rating(Instant at, int score, String source) {}

    /** One period of ownership, oldest first; the current owner's period has no end. */
    public record Ownership(String repId, Instant from, Instant to, String reason, String handoverNote) {}
}
