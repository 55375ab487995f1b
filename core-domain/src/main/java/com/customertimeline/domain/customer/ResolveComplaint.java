package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Closes an open complaint with the outcome told to the customer. */
public record ResolveComplaint(
        @TargetAggregateIdentifier String customerId,
        String complaintId,
        String repId,
        String resolution,
        Integer satisfaction,
        Instant occurredAt) {}
