package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moves a customer away from a rep who departed. Unlike {@link ReassignCustomer} it is a no-op when the
 * customer is no longer owned by {@code departedRepId}, so the departure process can safely send it
 * again after a crash: each customer is reassigned exactly once.
 */
public record HandOverFromDepartedRep(
        @TargetAggregateIdentifier String customerId,
        String departedRepId,
        String toRepId,
        String handoverNote,
        Instant occurredAt) {}
