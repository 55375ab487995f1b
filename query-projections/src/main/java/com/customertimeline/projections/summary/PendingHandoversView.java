package com.customertimeline.projections.summary;

import java.time.Instant;
import java.util.List;

/** Customers a rep received and has not yet acknowledged, oldest first: their unread handovers. */
public record PendingHandoversView(String repId, List<PendingHandover> customers) {

    public record PendingHandover(
            String customerId,
            String name,
            String company,
            String fromRepId,
            String reason,
            Instant receivedAt,
            int openComplaints,
            int overdueFollowUps) {}
}
