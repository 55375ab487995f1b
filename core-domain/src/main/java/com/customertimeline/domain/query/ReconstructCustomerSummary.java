package com.customertimeline.domain.query;

import java.time.Instant;

/**
 * The customer-360 summary exactly as it stood at {@code asOf} in recording time: rebuilt from the
 * customer's events recorded up to then, not read from the current read model.
 */
public record ReconstructCustomerSummary(String customerId, Instant asOf) {}
