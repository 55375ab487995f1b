package com.customertimeline.projections.summary;

import java.time.Duration;
import java.time.Instant;

/**
 * The promise that every complaint gets a first answer within 24 hours of filing, whatever its severity.
 * A complaint resolved without a separate answer counts as answered at resolution (the customer was told
 * the outcome). Exactly 24 hours is still on time; a complaint without an answer becomes late once 24
 * hours have passed at read time.
 */
public final class ComplaintRules {

    public static final Duration FIRST_RESPONSE_LIMIT = Duration.ofHours(24);

    private ComplaintRules() {}

    /** Whether the first response came, or is still missing, later than 24 hours after filing. */
    public static boolean firstResponseLate(Instant filedAt, Instant firstResponseAt, Instant resolvedAt, Instant now) {
        Instant answeredAt = firstResponseAt != null ? firstResponseAt : resolvedAt;
        Instant until = answeredAt != null ? answeredAt : now;
        return Duration.between(filedAt, until).compareTo(FIRST_RESPONSE_LIMIT) > 0;
    }
}
