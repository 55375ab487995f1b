package com.customertimeline.app.backpressure;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * How fast the slowest read-side projection works off its backlog, in events per second, measured over
 * a sliding window of samples.
 *
 * <p>Why a measured rate: a backlog in events says nothing about how long a rep waits to see a write.
 * The projections took over 800 events/s on a fresh store and 76 events/s on a store of 650,000
 * events (docs/benchmarks.md), so a fixed bound of 500 events meant under a second of lag on one and
 * six on the other. Dividing the backlog by this rate gives the lag itself.
 *
 * <p>Only intervals that began with a backlog count: an idle projection processes nothing because it
 * has nothing to do, not because it is slow. The slowest projection's position advances in jumps (a
 * batch at a time, and whenever another projection becomes the slowest), so single intervals are not
 * trusted; the rate is known once the window holds at least {@code minimumBusy} of busy time.
 *
 * <p>Not thread-safe: one sampler thread records, any thread may read {@link #eventsPerSecond()} of
 * the last completed sample through the volatile field.
 */
final class DrainRate {

    private record Sample(long nanos, long tail, long backlog) {}

    private final long windowNanos;
    private final long minimumBusyNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private volatile double rate = Double.NaN;

    /**
     * @param windowNanos how far back samples count
     * @param minimumBusyNanos how much busy time the window must hold before a rate is reported
     */
    DrainRate(long windowNanos, long minimumBusyNanos) {
        if (minimumBusyNanos > windowNanos) {
            throw new IllegalArgumentException("the window must be at least as long as the busy time it needs");
        }
        this.windowNanos = windowNanos;
        this.minimumBusyNanos = minimumBusyNanos;
    }

    /**
     * Records a sample.
     *
     * @param nanos when it was taken ({@link System#nanoTime()})
     * @param head the position of the newest event in the store
     * @param backlog how far the slowest projection was behind {@code head}
     */
    void record(long nanos, long head, long backlog) {
        samples.addLast(new Sample(nanos, head - backlog, backlog));
        while (samples.size() > 2 && samples.peekFirst().nanos() < nanos - windowNanos) {
            samples.removeFirst();
        }
        long busyNanos = 0;
        long drained = 0;
        Sample previous = null;
        for (Sample sample : samples) {
            if (previous != null && previous.backlog() > 0) {
                busyNanos += sample.nanos() - previous.nanos();
                drained += Math.max(0, sample.tail() - previous.tail());
            }
            previous = sample;
        }
        if (busyNanos >= minimumBusyNanos) {
            rate = drained * 1e9 / busyNanos;
        }
    }

    /** The measured rate; empty until the window has held enough busy time. */
    OptionalDouble eventsPerSecond() {
        double current = rate;
        return Double.isNaN(current) ? OptionalDouble.empty() : OptionalDouble.of(current);
    }
}
