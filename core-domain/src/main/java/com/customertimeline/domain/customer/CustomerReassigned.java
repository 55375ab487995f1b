package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.ReassignmentReason;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Ownership of the customer moved from one rep to another. */
@Revision("1")
public record CustomerReassigned(
        String customerId,
        String fromRepId,
        String toRepId,
        ReassignmentReason reason,
        String handoverNote,
        Instant occurredAt) {}
