package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A rep answered a complaint; {@code firstResponse} tells whether this was the first answer. */
@Revision("1")
public record ComplaintResponded(
        String customerId,
        String complaintId,
        String repId,
        String message,
        boolean firstResponse,
        Instant occurredAt) {}
