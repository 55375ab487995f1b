package com.customertimeline.projections.portfolio;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.query.PortfolioSort;
import java.time.Instant;
import java.util.List;

/**
 * The customers a rep owns now, as of {@code asOf} (overdue promises and days since contact are computed
 * for that moment). {@code displayName}/{@code team} are null if the rep's registration is not (yet)
 * projected.
 */
public record RepPortfolioView(
        String repId,
        String displayName,
        String team,
        Instant asOf,
        PortfolioSort sort,
        boolean descending,
        List<Customer> customers) {

    /** One owned customer with what needs attention. */
    public record Customer(
            String customerId,
            String name,
            String company,
            Instant ownerSince,
            int openComplaints,
            int openFollowUps,
            int overdueFollowUps,
            Instant nextFollowUpDueAt,
            Instant lastContactAt,
            Channel lastContactChannel,
            Long daysSinceLastContact,
            long version) {}
}
