package com.customertimeline.projections.summary;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The customer-360 summary a rep reads first, as of the moment of the query ({@code asOf}): everything
 * that depends on "now" (stage HISTORICAL, days since contact, complaint age, late first responses,
 * overdue promises) is computed for that moment. {@code shareOfFives} is reported beside the average
 * because only a 5 reliably predicts a repeat purchase. {@code version} is the sequence number of the last
 * customer event included.
 */
public record CustomerSummaryView(
        String customerId,
        long version,
        Instant asOf,
        CustomerCard card,
        Instant registeredAt,
        Owner owner,
        List<PreviousOwner> previousOwners,
        LifecycleStage stage,
        Instant stageSince,
        LastContact lastContact,
        Map<Channel, Integer> interactionsByChannel,
        int interactionCount,
        int purchaseCount,
        List<Money> totalSpend,
        Instant lastPurchaseAt,
        List<Complaint> openComplaints,
        List<Complaint> lateFirstResponses,
        Double averageSatisfaction,
        int satisfactionRatings,
        Double shareOfFives,
        List<Promise> openFollowUps,
        int overdueFollowUps,
        Handover lastHandover,
        Instant personalDataErasedAt) {

    /**
     * The latest change of owner and whether the incoming owner has acknowledged it; null while the
     * customer has never changed hands.
     */
    public record Handover(
            String fromRepId,
            String toRepId,
            Instant at,
            String reason,
            boolean acknowledged,
            Instant acknowledgedAt,
            String acknowledgedBy) {}

    /** Who owns the customer now and since when. */
    public record Owner(String repId, Instant since) {}

    /** An earlier owner and the period of ownership. */
    public record PreviousOwner(String repId, Instant from, Instant to, String reason, String handoverNote) {}

    /** The latest interaction or complaint, by business time. */
    public record LastContact(Instant at, Channel channel, String source, long daysSince) {}

    /** A complaint with its age and whether the 24-hour first-response promise was broken. */
    public record Complaint(
            String complaintId,
            Channel channel,
            String category,
            ComplaintSeverity severity,
            Instant filedAt,
            long ageHours,
            long ageDays,
            Instant firstResponseAt,
            Instant resolvedAt,
            boolean firstResponseLate) {}

    /** An open promise made in an interaction. */
    public record Promise(
            String interactionId,
            String description,
            Instant dueAt,
            Instant promisedAt,
            String repId,
            boolean overdue) {}
}
