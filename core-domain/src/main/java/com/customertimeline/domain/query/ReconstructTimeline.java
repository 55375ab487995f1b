package com.customertimeline.domain.query;

import java.time.Instant;

/**
 * A timeline page exactly as it stood at {@code asOf} in recording time: an event recorded later is
 * absent even if its business time lies before {@code asOf}.
 */
public record ReconstructTimeline(FindCustomerTimeline page, Instant asOf) {}
