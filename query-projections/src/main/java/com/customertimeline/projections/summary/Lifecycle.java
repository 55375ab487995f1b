package com.customertimeline.projections.summary;

import com.customertimeline.domain.model.LifecycleStage;
import java.time.Duration;
import java.time.Instant;

/**
 * Lifecycle rules in business time. The stored stage moves only on events (POTENTIAL → INTENTIONAL on a
 * first inbound interaction or complaint, → PURCHASING on a purchase); HISTORICAL depends on "now" and is
 * therefore derived when reading: an engaged customer (INTENTIONAL or PURCHASING) with no purchase,
 * interaction or stage change for more than 365 days is HISTORICAL. A POTENTIAL customer never engaged,
 * so it does not age into HISTORICAL.
 */
public final class Lifecycle {

    /** How long an engaged customer may stay silent before counting as historical. */
    public static final Duration DORMANCY = Duration.ofDays(365);

    private Lifecycle() {}

    /**
     * The stage as seen at {@code now}.
     *
     * @param activityAt the latest of last purchase, last interaction and the stored stage's start
     */
    public static LifecycleStage stageAt(LifecycleStage stored, Instant activityAt, Instant now) {
        if ((stored == LifecycleStage.INTENTIONAL || stored == LifecycleStage.PURCHASING)
                && activityAt != null
                && Duration.between(activityAt, now).compareTo(DORMANCY) > 0) {
            return LifecycleStage.HISTORICAL;
        }
        return stored;
    }

    /**
     * The stage after an engagement ({@code reached} is INTENTIONAL or PURCHASING) at a moment when the
     * customer stood at {@code current} (already including derived HISTORICAL): stages only move forward,
     * except that a historical customer is re-engaged.
     */
    public static LifecycleStage engage(LifecycleStage current, LifecycleStage reached) {
        if (current == LifecycleStage.HISTORICAL || rank(reached) > rank(current)) {
            return reached;
        }
        return current;
    }

    private static int rank(LifecycleStage stage) {
        return switch (stage) {
            case POTENTIAL -> 0;
            case INTENTIONAL -> 1;
            case PURCHASING -> 2;
            case HISTORICAL -> -1;
        };
    }
}
