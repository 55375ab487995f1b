package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Marks the promise made in an interaction as kept. */
public record CompleteFollowUp(
        @TargetAggregateIdentifier String customerId,
        String interactionId,
        String repId,
        String note,
        Instant occurredAt) {}
