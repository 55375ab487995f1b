package com.customertimeline.domain.query;

import java.time.Instant;

/**
 * The handover brief exactly as it stood at {@code asOf} in recording time: what an incoming owner would
 * have read then, rebuilt from the customer's events recorded up to that instant.
 */
public record ReconstructHandoverBrief(String customerId, Instant asOf) {}
