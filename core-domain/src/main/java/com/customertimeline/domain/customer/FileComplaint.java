package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records a complaint; the 24-hour first-response promise starts at {@code occurredAt}. */
public record FileComplaint(
        @TargetAggregateIdentifier String customerId,
        String complaintId,
        Channel channel,
        String category,
        ComplaintSeverity severity,
        String description,
        String repId,
        Instant occurredAt) {}
