package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A promise made in an interaction was kept. */
@Revision("1")
public record FollowUpCompleted(
        String customerId, String interactionId, String repId, String note, Instant occurredAt) {}
