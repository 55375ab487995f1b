package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Proof that the incoming owner took over the customer's context. */
@Revision("1")
public record HandoverAcknowledged(String customerId, String repId, Instant occurredAt) {}
