package com.customertimeline.app.backpressure;

import com.customertimeline.app.TimelineProperties;
import com.customertimeline.projections.support.ProjectionsConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Back-pressure from the read side to the command API. Without it the service accepts commands as
 * fast as it can append them, and under sustained load the read models fall behind without bound (the
 * million-event benchmark ended 709,577 events behind): a rep who has just logged a call would wait
 * minutes to see it, and every read with {@code minVersion} would answer 503.
 *
 * <p>A sampler measures the read-side projections' backlog (events between the head of the stream and
 * the slowest projection, see {@link ProjectionBacklog}) every {@code sample-interval}, and how fast the
 * slowest projection works it off ({@link DrainRate}). The limit is the backlog that rate clears in
 * {@code max-lag}, and never more than {@code max-backlog} (the only limit until a rate is measured). A
 * command that arrives while the backlog is above the limit waits, before anything is written and
 * without holding a database connection, until it falls back under it; if that takes longer than
 * {@code max-wait}, the command is refused with 503 and {@code Retry-After}, and the caller retries.
 * So ingest slows to what the projections can absorb and a write becomes readable within about
 * {@code max-lag}, whether the projections are fast or slow. Internal commands (the departure worker's
 * reassignments) are not throttled.
 */
@Component
public class ProjectionBackPressure implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionBackPressure.class);

    /** How often a waiting command looks at the latest sample. */
    private static final long RECHECK_MILLIS = 10;

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TimelineProperties.BackPressure settings;
    private final Counter admittedAfterWait;
    private final Counter refused;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-backlog-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** How long the rate looks back, and how much of that the projections must have been busy. */
    private static final Duration RATE_WINDOW = Duration.ofSeconds(3);

    private static final Duration RATE_MINIMUM_BUSY = Duration.ofSeconds(1);

    private final DrainRate drainRate = new DrainRate(RATE_WINDOW.toNanos(), RATE_MINIMUM_BUSY.toNanos());
    private volatile long backlog;
    private volatile long limit;
    private volatile boolean sampleFailed;

    ProjectionBackPressure(
            EventProcessingConfiguration processing,
            EventStore eventStore,
            TimelineProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        MeterRegistry meters = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        this.processing = processing;
        this.eventStore = eventStore;
        this.settings = properties.backPressure();
        this.limit = settings.maxBacklog();
        Gauge.builder("timeline.projections.backlog", this, ProjectionBackPressure::backlog)
                .description("Events the slowest read-side projection still has to process")
                .baseUnit("events")
                .register(meters);
        Gauge.builder("timeline.projections.backlog.limit", this, ProjectionBackPressure::limit)
                .description("Backlog above which commands wait: what the slowest projection clears in max-lag")
                .baseUnit("events")
                .register(meters);
        Gauge.builder("timeline.projections.drain.rate", drainRate, r -> r.eventsPerSecond()
                        .orElse(Double.NaN))
                .description("Events per second the slowest read-side projection works off while behind")
                .register(meters);
        this.admittedAfterWait = Counter.builder("timeline.commands.throttled")
                .description("Commands held back because the read models were behind")
                .tag("outcome", "admitted-after-wait")
                .register(meters);
        this.refused = Counter.builder("timeline.commands.throttled")
                .description("Commands held back because the read models were behind")
                .tag("outcome", "refused")
                .register(meters);
    }

    @Override
    public void afterPropertiesSet() {
        if (settings.enabled()) {
            long interval = settings.sampleInterval().toMillis();
            sampler.scheduleWithFixedDelay(this::sample, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void destroy() {
        sampler.shutdownNow();
    }

    /** The backlog at the last sample, in events. */
    public long backlog() {
        return backlog;
    }

    /** The backlog above which commands wait, as of the last sample, in events. */
    public long limit() {
        return limit;
    }

    /**
     * Returns once a command may be taken, or throws if the read models stay behind for longer than
     * {@code max-wait}.
     *
     * @throws CommandsThrottledException if the backlog stayed above the limit
     */
    public void admit() {
        if (!settings.enabled() || backlog <= limit) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + settings.maxWait().toNanos();
        try {
            while (backlog > limit) {
                if (System.nanoTime() >= deadline) {
                    refused.increment();
                    throw new CommandsThrottledException(
                            backlog, limit, Duration.ofNanos(System.nanoTime() - start), settings.retryAfter());
                }
                Thread.sleep(RECHECK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the read models", e);
        }
        admittedAfterWait.increment();
    }

    private void sample() {
        try {
            TrackingToken headToken = eventStore.createHeadToken();
            long head = headToken == null ? -1 : headToken.position().orElse(-1);
            long current = head < 0 ? 0 : ProjectionBacklog.largest(readSideProcessors(), head);
            drainRate.record(System.nanoTime(), head, current);
            limit = limitFor(drainRate.eventsPerSecond(), settings);
            backlog = current;
            sampleFailed = false;
        } catch (RuntimeException e) {
            // the event store is unreachable: commands fail on their own then; do not hold them back
            // on a stale number
            backlog = 0;
            if (!sampleFailed) {
                log.warn("cannot measure the read models' backlog; commands are not throttled meanwhile", e);
                sampleFailed = true;
            }
        }
    }

    /** What the measured rate clears in {@code max-lag}, capped at {@code max-backlog}. */
    static long limitFor(java.util.OptionalDouble eventsPerSecond, TimelineProperties.BackPressure settings) {
        if (eventsPerSecond.isEmpty()) {
            return settings.maxBacklog();
        }
        double clearedInMaxLag =
                eventsPerSecond.getAsDouble() * settings.maxLag().toNanos() / 1e9;
        return Math.min(settings.maxBacklog(), (long) clearedInMaxLag);
    }

    private Map<String, StreamingEventProcessor> readSideProcessors() {
        Map<String, StreamingEventProcessor> processors = new LinkedHashMap<>();
        for (String group : ProjectionsConfiguration.PROCESSING_GROUPS) {
            processing.eventProcessor(group, StreamingEventProcessor.class).ifPresent(p -> processors.put(group, p));
        }
        return processors;
    }
}
