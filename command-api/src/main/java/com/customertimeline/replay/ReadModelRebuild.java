package com.customertimeline.replay;

import com.customertimeline.projections.support.BatchDelivery;
import com.customertimeline.projections.support.CustomerScopedProjection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every read model from the whole event stream in one pass outside the event processors, and
 * then hands the processors the position it reached (ADR 0024).
 *
 * <p>Why: a processor replay costs each projection its own read of the store, its own deserialization
 * of every event, a unit of work, handler timeouts and monitors per event, and batches of 100 that
 * rewrite almost every customer document they touch (ADR 0018: about 300 µs of CPU per event for the
 * three processors before anything is stored). Here the stream is read and deserialized once, on one
 * thread, while each projection applies the previous batch on a thread of its own, through the same
 * annotated handlers the processors call ({@link BatchDelivery}), in batches large enough that a
 * customer's documents are written once per batch rather than once per event.
 *
 * <p>What keeps it correct:
 * <ul>
 *   <li>The processors are stopped first and their tokens set back to the start of the stream before
 *       the read models are cleared: a crash or a failure during the rebuild leaves processors that
 *       replay everything on their own when they start again (the projections are idempotent), never a
 *       token past documents that were not written.</li>
 *   <li>Each projection receives every event in the stream's order, as a processor would, so its
 *       documents are the ones a processor replay builds ({@code ReadModelRebuildIT} compares their
 *       fingerprints).</li>
 *   <li>Only after the last batch of every projection is written are the tokens set to the position of
 *       the last event read; the processors then start there, so events recorded meanwhile, and events
 *       of transactions that committed out of order (the token's gaps), are theirs to apply.</li>
 * </ul>
 *
 * <p>While it runs, reads that wait for a version wait for it (or time out), and commands keep being
 * accepted. With several service instances the stopped processors' segments could be claimed by
 * another instance: like a replay, it is meant for a quiet moment or a single instance.
 */
@Component
public class ReadModelRebuild implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);

    /** What a rebuild is doing. */
    public enum State {
        IDLE,
        RUNNING,
        DONE,
        FAILED
    }

    /**
     * Where a rebuild stands: the position of the last event read, the head of the stream when it began
     * (its target), the events applied so far, and rate and time left over the last ten seconds.
     */
    public record Status(
            State state,
            List<String> processors,
            Instant startedAt,
            Instant finishedAt,
            Long target,
            Long position,
            long events,
            double percent,
            Double eventsPerSecond,
            Long etaSeconds,
            Long millis,
            String failure) {}

    /** A rebuild cannot start now. */
    public static final class CannotRebuild extends RuntimeException {
        private final String code;

        CannotRebuild(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final List<CustomerScopedProjection> projections;
    private final int batchSize;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(daemon("read-model-rebuild"));

    private final Object lock = new Object();
    private State state = State.IDLE;
    private Instant startedAt;
    private Instant finishedAt;
    private Long target;
    private volatile Long position;
    private volatile long events;
    private String failure;
    private final Deque<ReplayProgress.Sample> samples = new ArrayDeque<>();

    ReadModelRebuild(
            EventStore eventStore,
            EventProcessingConfiguration processing,
            List<CustomerScopedProjection> projections,
            @Value("${timeline.read-model.rebuild.batch-size:5000}") int batchSize) {
        if (batchSize < 1) {
            throw new IllegalStateException(
                    "timeline.read-model.rebuild.batch-size must be positive, was " + batchSize);
        }
        this.eventStore = eventStore;
        this.processing = processing;
        this.projections = projections.stream()
                .sorted(Comparator.comparing(CustomerScopedProjection::processingGroup))
                .toList();
        this.batchSize = batchSize;
    }

    /**
     * Starts a rebuild of all read models, unless one is running or a processor is replaying (a replay
     * would write the same documents meanwhile).
     */
    public Status start() {
        List<StreamingEventProcessor> processors = new ArrayList<>();
        synchronized (lock) {
            if (state == State.RUNNING) {
                throw new CannotRebuild("rebuild-in-progress", "a rebuild of the read models is running");
            }
            for (CustomerScopedProjection projection : projections) {
                Optional<StreamingEventProcessor> processor =
                        processing.eventProcessor(projection.processingGroup(), StreamingEventProcessor.class);
                if (processor.isPresent() && processor.get().isReplaying()) {
                    throw new CannotRebuild(
                            "replay-in-progress",
                            projection.processingGroup() + " is replaying; wait for it to finish");
                }
                processor.ifPresent(processors::add);
            }
            state = State.RUNNING;
            startedAt = clock.instant();
            finishedAt = null;
            target = head();
            position = null;
            events = 0;
            failure = null;
            samples.clear();
        }
        runner.execute(() -> run(processors));
        return status();
    }

    /** The current or last rebuild. */
    public Status status() {
        synchronized (lock) {
            Instant now = clock.instant();
            Long at = position;
            if (state == State.RUNNING && at != null) {
                samples.addLast(new ReplayProgress.Sample(now, at));
                while (samples.size() > 1 && samples.peekFirst().at().isBefore(now.minus(ReplayProgress.RATE_WINDOW))) {
                    samples.removeFirst();
                }
            }
            Double rate = state == State.RUNNING ? ReplayProgress.rate(samples) : null;
            double percent =
                    state == State.DONE ? 100.0 : state == State.IDLE ? 0.0 : ReplayProgress.percent(at, target);
            Long eta = state == State.DONE
                    ? Long.valueOf(0)
                    : rate == null || rate <= 0 || at == null || target == null
                            ? null
                            : (long) Math.ceil(Math.max(0, target - at) / rate);
            Long millis = startedAt == null
                    ? null
                    : Duration.between(startedAt, finishedAt == null ? now : finishedAt)
                            .toMillis();
            return new Status(
                    state,
                    projections.stream()
                            .map(CustomerScopedProjection::processingGroup)
                            .toList(),
                    startedAt,
                    finishedAt,
                    target,
                    at,
                    events,
                    percent,
                    rate,
                    eta,
                    millis,
                    failure);
        }
    }

    private void run(List<StreamingEventProcessor> processors) {
        processors.forEach(StreamingEventProcessor::shutDown);
        List<ExecutorService> appliers = new ArrayList<>();
        try {
            TrackingToken tail = eventStore.createTailToken();
            if (tail != null) { // none: the stream is empty, and there is nothing a processor could miss
                setTokens(tail); // from the start of the stream, should the rebuild not finish
            }
            List<BatchDelivery> deliveries = new ArrayList<>();
            for (CustomerScopedProjection projection : projections) {
                BatchDelivery delivery = new BatchDelivery(projection);
                delivery.reset();
                deliveries.add(delivery);
                appliers.add(Executors.newSingleThreadExecutor(
                        daemon("read-model-rebuild-" + projection.processingGroup())));
            }
            TrackingToken reached = deliverAll(deliveries, appliers);
            if (reached != null) {
                setTokens(reached);
            }
            finish(State.DONE, null);
        } catch (Exception | Error e) {
            log.error("rebuilding the read models failed; the processors replay them from the start instead", e);
            finish(State.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            appliers.forEach(ExecutorService::shutdownNow);
            processors.forEach(StreamingEventProcessor::start);
        }
    }

    /** Sets every segment of the three processors to the token (they are stopped meanwhile). */
    private void setTokens(TrackingToken token) {
        for (CustomerScopedProjection projection : projections) {
            String name = projection.processingGroup();
            TokenStore tokens = processing.tokenStore(name);
            for (int segment : tokens.fetchSegments(name)) {
                tokens.storeToken(token, name, segment);
                tokens.releaseClaim(name, segment);
            }
        }
    }

    /**
     * Reads the stream up to the target, deserializing each event once on this thread, and hands every
     * batch to each projection's applier; the next batch is read while the appliers work on this one.
     * Returns the token of the last event read (null: the stream was empty).
     */
    private TrackingToken deliverAll(List<BatchDelivery> deliveries, List<ExecutorService> appliers)
            throws InterruptedException, ExecutionException {
        Long until = target;
        if (until == null) {
            return null;
        }
        TrackingToken last = null;
        List<Future<?>> inFlight = List.of();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            List<EventMessage<?>> batch = new ArrayList<>(batchSize);
            long read = 0;
            long handedEvents = 0;
            Long handedPosition = null;
            while (true) {
                boolean more = currentPosition(last) < until && stream.hasNextAvailable(10, TimeUnit.SECONDS);
                if (more) {
                    TrackedEventMessage<?> message = stream.nextAvailable();
                    message.getPayload(); // deserialized here, once, for all three projections
                    message.getMetaData();
                    batch.add(message);
                    last = message.trackingToken();
                    read++;
                }
                if (batch.size() == batchSize || (!more && !batch.isEmpty())) {
                    awaitAll(inFlight);
                    applied(handedEvents, handedPosition);
                    handedEvents = read;
                    handedPosition = currentPosition(last);
                    List<EventMessage<?>> handed = List.copyOf(batch);
                    List<Future<?>> submitted = new ArrayList<>();
                    for (int i = 0; i < deliveries.size(); i++) {
                        BatchDelivery delivery = deliveries.get(i);
                        submitted.add(appliers.get(i).submit(() -> delivery.batch(handed)));
                    }
                    inFlight = submitted;
                    batch.clear();
                }
                if (!more) {
                    awaitAll(inFlight);
                    applied(read, currentPosition(last));
                    return last;
                }
            }
        }
    }

    /** What every projection has applied so far, for {@link #status()}. */
    private void applied(long count, Long at) {
        events = count;
        position = at;
    }

    private static long currentPosition(TrackingToken token) {
        if (token == null) {
            return -1;
        }
        OptionalLong at = token.position();
        return at.isPresent() ? at.getAsLong() : -1;
    }

    private static void awaitAll(List<Future<?>> futures) throws InterruptedException, ExecutionException {
        for (Future<?> future : futures) {
            future.get();
        }
    }

    private void finish(State outcome, String reason) {
        synchronized (lock) {
            state = outcome;
            finishedAt = clock.instant();
            failure = reason;
            samples.clear();
        }
    }

    private Long head() {
        TrackingToken token = eventStore.createHeadToken();
        if (token == null) {
            return null;
        }
        OptionalLong at = token.position();
        return at.isPresent() ? at.getAsLong() : null;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }
}
