package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Answers an open complaint; the first answer is what the 24-hour promise measures. */
public record RespondToComplaint(
        @TargetAggregateIdentifier String customerId,
        String complaintId,
        String repId,
        String message,
        Instant occurredAt) {}
