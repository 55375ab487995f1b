package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.ReassignmentReason;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves ownership to another active rep, with the reason and a note for the incoming owner. */
public record ReassignCustomer(
        @TargetAggregateIdentifier String customerId,
        String toRepId,
        ReassignmentReason reason,
        String handoverNote,
        Instant occurredAt) {}
