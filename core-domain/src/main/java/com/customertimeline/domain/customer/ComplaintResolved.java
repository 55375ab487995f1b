package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A complaint was closed and the customer told the outcome. */
@Revision("1")
public record ComplaintResolved(
        String customerId,
        String complaintId,
        String repId,
        String resolution,
        Integer satisfaction,
        Instant occurredAt) {}
