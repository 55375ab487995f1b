package com.customertimeline.projections.summary;

import com.customertimeline.domain.model.LifecycleStage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lifecycle rules in business time (README, DOMAIN.md): POTENTIAL → INTENTIONAL on a first inbound
 * interaction or complaint → PURCHASING on a purchase → HISTORICAL after more than 365 days without a
 * purchase, interaction or complaint; a historical customer who engages again starts over from what that
 * engagement shows. A customer who never engaged stays POTENTIAL.
 *
 * <p>History may arrive out of order (imports, backdated records), and the stage must not depend on the
 * order of arrival. So the summary keeps the customer's <em>active periods</em>: maximal runs of activity
 * with no gap over 365 days, each with the highest engagement in it and since when. Adding an activity
 * merges the periods it touches, which gives the same periods in any order; the stage is read off the
 * latest period. There are at most a few per century, so the list stays small.
 *
 * <p>HISTORICAL also depends on "now", so it is derived when reading ({@link #stageAt}).
 */
public final class Lifecycle {

    /** How long an engaged customer may stay silent before counting as historical. */
    public static final Duration DORMANCY = Duration.ofDays(365);

    private Lifecycle() {}

    /**
     * A run of activity with no gap over {@link #DORMANCY}.
     *
     * @param rank highest engagement in it: 0 none (outbound contact only), 1 INTENTIONAL, 2 PURCHASING
     * @param rankSince the first activity of that rank in the period; null when rank is 0
     */
    public record Period(Instant start, Instant end, int rank, Instant rankSince) {}

    /** The stage, since when, and the last activity (for dormancy), before "now" is applied. */
    public record Standing(LifecycleStage stage, Instant since, Instant activityAt) {}

    /**
     * The periods after an activity at {@code at}; {@code reached} is INTENTIONAL or PURCHASING for an
     * engagement, null for other activity (an outbound interaction).
     */
    public static List<Period> add(List<Period> periods, Instant at, LifecycleStage reached) {
        int rank = reached == null ? 0 : rank(reached);
        Period merged = new Period(at, at, rank, rank == 0 ? null : at);
        List<Period> result = new ArrayList<>(periods);
        // merging can stretch the period until it reaches further neighbours: repeat until none touches
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < result.size(); i++) {
                Period other = result.get(i);
                if (!other.start().isAfter(merged.end().plus(DORMANCY))
                        && !merged.start().isAfter(other.end().plus(DORMANCY))) {
                    merged = merge(merged, result.remove(i));
                    changed = true;
                    break;
                }
            }
        }
        result.add(merged);
        result.sort(Comparator.comparing(Period::start));
        return result;
    }

    /**
     * The stage as of the latest activity, from the stage given at registration and the active periods.
     * A stage given as INTENTIONAL or PURCHASING counts as that engagement at the registration (the
     * projection adds it as a period); one given as HISTORICAL means engaged before, not now.
     */
    public static Standing standing(LifecycleStage registered, Instant registeredAt, List<Period> periods) {
        LifecycleStage start = registered == null ? LifecycleStage.POTENTIAL : registered;
        boolean engagedBefore = start != LifecycleStage.POTENTIAL;
        Period latest = periods.isEmpty() ? null : periods.get(periods.size() - 1);
        boolean everEngaged = engagedBefore || periods.stream().anyMatch(p -> p.rank() > 0);
        if (!everEngaged || latest == null) {
            return new Standing(start, registeredAt, latest == null ? registeredAt : latest.end());
        }
        if (latest.rank() > 0) {
            return new Standing(stageOf(latest.rank()), latest.rankSince(), latest.end());
        }
        // engaged once, lapsed, and only contacted since (no new interest): still historical
        Instant lapsedAt =
                periods.size() > 1 ? periods.get(periods.size() - 2).end().plus(DORMANCY) : registeredAt;
        return new Standing(LifecycleStage.HISTORICAL, lapsedAt, latest.end());
    }

    /**
     * The stage as seen at {@code now}: an engaged customer (INTENTIONAL or PURCHASING) whose last
     * activity lies more than 365 days back is HISTORICAL.
     *
     * @param activityAt the last purchase, interaction or complaint
     */
    public static LifecycleStage stageAt(LifecycleStage stored, Instant activityAt, Instant now) {
        return dormant(stored, activityAt, now) ? LifecycleStage.HISTORICAL : stored;
    }

    /** Since when the stage {@link #stageAt} returns has held. */
    public static Instant stageSinceAt(LifecycleStage stored, Instant storedSince, Instant activityAt, Instant now) {
        return dormant(stored, activityAt, now) ? activityAt.plus(DORMANCY) : storedSince;
    }

    private static boolean dormant(LifecycleStage stored, Instant activityAt, Instant now) {
        return (stored == LifecycleStage.INTENTIONAL || stored == LifecycleStage.PURCHASING)
                && activityAt != null
                && Duration.between(activityAt, now).compareTo(DORMANCY) > 0;
    }

    private static Period merge(Period a, Period b) {
        Instant start = a.start().isBefore(b.start()) ? a.start() : b.start();
        Instant end = a.end().isAfter(b.end()) ? a.end() : b.end();
        int rank = Math.max(a.rank(), b.rank());
        Instant since = null;
        for (Period p : List.of(a, b)) {
            if (rank > 0 && p.rank() == rank && (since == null || p.rankSince().isBefore(since))) {
                since = p.rankSince();
            }
        }
        return new Period(start, end, rank, since);
    }

    static int rank(LifecycleStage stage) {
        return switch (stage) {
            case POTENTIAL, HISTORICAL -> 0;
            case INTENTIONAL -> 1;
            case PURCHASING -> 2;
        };
    }

    private static LifecycleStage stageOf(int rank) {
        return rank == 2 ? LifecycleStage.PURCHASING : LifecycleStage.INTENTIONAL;
    }
}
