package com.customertimeline.app.backpressure;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

/**
 * How many events a read-side projection still has to process: the head of the event stream minus the
 * lowest position over the processor's segments.
 *
 * <p>A processor counts only while it is running, has caught up with the stream once, and is neither
 * replaying nor failing. Catching up on history (a new projection, a replay) is an operator's rebuild:
 * reads with {@code minVersion} answer 503 meanwhile, and holding every command back for the length of
 * a rebuild would stop reps from recording anything. A failing projection needs an operator too, not a
 * write side that stops taking customers' history. Both show in the operations endpoint instead.
 *
 * <p>Segments that receive no events advance their position lazily, so the figure may run a few
 * events high; it is a bound for back-pressure, not an exact count.
 */
public final class ProjectionBacklog {

    private ProjectionBacklog() {}

    /** Events behind {@code head}, or empty if the processor does not count (see the class comment). */
    static OptionalLong of(StreamingEventProcessor processor, long head) {
        if (!processor.isRunning() || processor.isError()) {
            return OptionalLong.empty();
        }
        return of(processor.processingStatus().values(), head);
    }

    static OptionalLong of(Collection<EventTrackerStatus> segments, long head) {
        if (segments.isEmpty()
                || segments.stream().anyMatch(s -> s.isReplaying() || s.isErrorState() || !s.isCaughtUp())) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, head - lowestPosition(segments).orElseThrow()));
    }

    /**
     * The lowest position over a processor's segments, a segment that has processed nothing counting
     * as -1 (before the first event); empty if no segment is claimed.
     */
    public static OptionalLong lowestPosition(Collection<EventTrackerStatus> segments) {
        return segments.stream()
                .mapToLong(s -> s.getTrackingToken() == null
                        ? -1
                        : s.getTrackingToken().position().orElse(-1))
                .min();
    }

    /** The largest backlog among the processors that count; 0 if none does. */
    static long largest(Map<String, StreamingEventProcessor> processors, long head) {
        return processors.values().stream()
                .map(p -> of(p, head))
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .max()
                .orElse(0);
    }
}
