package com.customertimeline.replay;

import com.customertimeline.app.backpressure.ProjectionBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How far each event processor has come, as an operator or an auditor watching a rebuild needs it:
 * position and the position it is heading for, percent, rate and time left. Axon reports positions only;
 * the rate needs positions over time, so this samples every processor once a second and keeps the last
 * few seconds. The same figures are Micrometer gauges per processor ({@code timeline.processor.*}), so
 * Prometheus sees a replay too, next to Axon's own processor metrics.
 *
 * <p>A replay heads for the position the stream had when it was reset (Axon's reset position), a
 * processor that is catching up heads for the current head of the stream.
 */
@Component
public class ReplayProgress implements DisposableBean {

    /** How long a window of samples the rate is taken over. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    /** Where a processor stands and how fast it moves. */
    public record Progress(
            String name,
            State state,
            boolean running,
            int segments,
            Long position,
            Long target,
            Long head,
            double percent,
            Double eventsPerSecond,
            Long etaSeconds,
            Instant replayStartedAt,
            Instant replayFinishedAt) {}

    /** What a processor is doing: rebuilding from history, catching up with the head, or live. */
    public enum State {
        REPLAYING,
        CATCHING_UP,
        LIVE,
        STOPPED
    }

    /** A processor's position at an instant. */
    record Sample(Instant at, long position) {}

    private static final class Track {
        final Deque<Sample> samples = new ArrayDeque<>();
        volatile Instant replayStartedAt;
        volatile Instant replayFinishedAt;
        volatile Progress last;
    }

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "replay-progress");
        thread.setDaemon(true);
        return thread;
    });

    ReplayProgress(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** Starts sampling and registers the gauges once the processors exist. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        streaming().keySet().forEach(this::gauges);
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, 1, TimeUnit.SECONDS);
    }

    /** Every streaming processor's progress, by name. */
    public List<Progress> all() {
        Long head = head();
        return streaming().entrySet().stream()
                .map(e -> measure(e.getKey(), e.getValue(), head))
                .toList();
    }

    /** One processor's progress, if there is a streaming processor of that name. */
    public Optional<Progress> of(String name) {
        return processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .map(processor -> measure(name, processor, head()));
    }

    /**
     * Rebuilds a projection from the first event: stops its processor, resets its tokens (its reset
     * handler clears the read model), and starts it again, recording when the replay began. With no
     * event stored there is nothing to replay and no token to reset (Axon's token stores refuse the
     * empty replay token Axon makes then), so the replay is done at once. The processor is started
     * again whatever happens: a failed reset must not leave a projection stopped until the next restart.
     */
    public void replay(String name, StreamingEventProcessor processor) {
        processor.shutDown();
        try {
            if (head() != null) {
                processor.resetTokens();
            }
            replayRequested(name);
        } finally {
            processor.start();
        }
    }

    /** Remembers that a replay was asked for now, so its start time and rate are its own. */
    void replayRequested(String name) {
        Track track = tracks.computeIfAbsent(name, n -> new Track());
        synchronized (track) {
            track.samples.clear();
            track.replayStartedAt = clock.instant();
            track.replayFinishedAt = null;
        }
    }

    private void sampleQuietly() {
        try {
            all();
        } catch (RuntimeException e) {
            // the next second samples again; a store that is briefly unreachable must not end sampling
        }
    }

    private Progress measure(String name, StreamingEventProcessor processor, Long head) {
        Track track = tracks.computeIfAbsent(name, n -> new Track());
        Collection<EventTrackerStatus> status = processor.processingStatus().values();
        boolean replaying = status.stream().anyMatch(EventTrackerStatus::isReplaying);
        boolean caughtUp = !status.isEmpty() && status.stream().allMatch(EventTrackerStatus::isCaughtUp);
        OptionalLong lowest = ProjectionBacklog.lowestPosition(status);
        Long position = lowest.isPresent() ? lowest.getAsLong() : null;
        Long resetTarget = status.stream()
                .map(EventTrackerStatus::getResetPosition)
                .filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong)
                .max(Long::compare)
                .orElse(null);
        Long target = replaying && resetTarget != null ? resetTarget : head;
        // Axon keeps a segment's replay token until its token covers the reset position gap for gap, which
        // can be long after the last event before the reset was handled: the replay is over when the
        // position has reached the reset position
        boolean replayOver = position != null && target != null && position >= target;
        State state = !processor.isRunning()
                ? State.STOPPED
                : replaying && !replayOver
                        ? State.REPLAYING
                        : caughtUp && !behind(position, head) ? State.LIVE : State.CATCHING_UP;
        Instant now = clock.instant();
        synchronized (track) {
            if (state == State.REPLAYING && track.replayStartedAt == null) {
                track.replayStartedAt = now;
                track.replayFinishedAt = null;
            }
            if (track.replayStartedAt != null && track.replayFinishedAt == null && state == State.LIVE) {
                track.replayFinishedAt = now;
            }
            if (position != null) {
                track.samples.addLast(new Sample(now, position));
            }
            while (track.samples.size() > 1 && track.samples.peekFirst().at().isBefore(now.minus(RATE_WINDOW))) {
                track.samples.removeFirst();
            }
            Double rate = rate(track.samples);
            double percent = percent(position, target);
            Long eta = percent >= 100.0
                    ? Long.valueOf(0)
                    : rate == null || rate <= 0 || position == null || target == null
                            ? null
                            : (long) Math.ceil((target - position) / rate);
            Progress progress = new Progress(
                    name,
                    state,
                    processor.isRunning(),
                    status.size(),
                    position,
                    target,
                    head,
                    percent,
                    rate,
                    eta,
                    track.replayStartedAt,
                    track.replayFinishedAt);
            track.last = progress;
            return progress;
        }
    }

    private static boolean behind(Long position, Long head) {
        return head != null && (position == null || position < head);
    }

    /** Events per second over the window; none until two samples a moment apart exist. */
    static Double rate(Deque<Sample> samples) {
        if (samples.size() < 2) {
            return null;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long millis = Duration.between(first.at(), last.at()).toMillis();
        if (millis < 500) {
            return null;
        }
        return Math.max(0, last.position() - first.position()) * 1000.0 / millis;
    }

    /** Share of the way to the target, 0 to 100; an empty stream or a reached target is 100. */
    static double percent(Long position, Long target) {
        if (target == null || target <= 0) {
            return 100.0;
        }
        if (position == null) {
            return 0.0;
        }
        double share = Math.min(1.0, Math.max(0.0, position / (double) target));
        return Math.floor(share * 1000.0) / 10.0;
    }

    private void gauges(String name) {
        Gauge.builder("timeline.processor.position", this, p -> value(name, Progress::position))
                .tag("processor", name)
                .description("Lowest position of the processor's segments in the event stream")
                .register(meters);
        Gauge.builder("timeline.processor.target", this, p -> value(name, Progress::target))
                .tag("processor", name)
                .description("Position the processor is heading for (the reset position while replaying)")
                .register(meters);
        Gauge.builder("timeline.processor.progress", this, p -> value(name, Progress::percent) / 100.0)
                .tag("processor", name)
                .description("Share of the way to the target, 0 to 1")
                .register(meters);
        Gauge.builder("timeline.processor.rate", this, p -> value(name, Progress::eventsPerSecond))
                .tag("processor", name)
                .baseUnit("events/s")
                .description("Events processed per second over the last ten seconds")
                .register(meters);
        Gauge.builder(
                        "timeline.processor.replaying",
                        this,
                        p -> value(name, progress -> progress.state() == State.REPLAYING ? 1 : 0))
                .tag("processor", name)
                .description("1 while the processor replays history after a reset")
                .register(meters);
    }

    private double value(String name, java.util.function.Function<Progress, ? extends Number> figure) {
        Track track = tracks.get(name);
        Progress last = track == null ? null : track.last;
        Number number = last == null ? null : figure.apply(last);
        return number == null ? Double.NaN : number.doubleValue();
    }

    private Map<String, StreamingEventProcessor> streaming() {
        Map<String, StreamingEventProcessor> sorted = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streamingProcessor) {
                sorted.put(name, streamingProcessor);
            }
        });
        return sorted;
    }

    private Long head() {
        var token = eventStore.createHeadToken();
        if (token == null) {
            return null;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    @Override
    public void destroy() {
        sampler.shutdownNow();
    }
}
