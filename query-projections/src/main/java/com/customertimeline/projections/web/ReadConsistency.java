package com.customertimeline.projections.web;

import com.customertimeline.projections.support.DocumentWorkingSet;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes: a command returns the customer's version (the sequence number of its last event); a
 * read passing it as {@code minVersion} waits until the read model has applied that event, polling the
 * per-customer progress with a growing back-off, for at most {@code timeline.read.consistency-timeout}.
 * Polling the store (rather than listening to the local processor) also works when the projection runs
 * on another node. A version beyond the customer's stream in the event store (or a customer the store
 * does not have) is answered at once instead: no wait could reach it. The first time a read finds the
 * read model behind, it also asks the processors to look at the event stream now ({@link
 * ProjectionWakeUp}, ADR 0023): its write is committed, so they need not wait for their next poll.
 *
 * <p>The back-off stops growing at {@value #MAX_PAUSE_MILLIS} ms: the pause after the last miss is how
 * late the reader may learn that its write is visible. With 200 ms the benchmark's lag probes waited
 * about 100 ms longer than the projection needed (a write visible after 520 ms was seen at 715 ms); a
 * poll is one lookup by {@code _id}, so twenty a second per waiting read cost little.
 */
@Component
public class ReadConsistency {

    static final long FIRST_PAUSE_MILLIS = 5;
    static final long MAX_PAUSE_MILLIS = 50;

    /** Timer of waits for a minVersion, tagged {@code readModel} and {@code outcome} (reached, timeout). */
    public static final String WAIT_METRIC = "timeline.read.consistency.wait";

    private final MongoDatabase database;
    private final Duration timeout;
    private final Duration retryAfter;
    private final MeterRegistry meters;
    private final StreamVersions streams;
    private final ProjectionWakeUp wakeUp;

    @Autowired
    public ReadConsistency(
            @Qualifier("readModelDatabase") MongoDatabase database,
            @Value("${timeline.read.consistency-timeout:5s}") Duration timeout,
            @Value("${timeline.read.retry-after:1s}") Duration retryAfter,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<StreamVersions> streams,
            ObjectProvider<ProjectionWakeUp> wakeUp) {
        this(
                database,
                timeout,
                retryAfter,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                streams.getIfAvailable(() -> customerId -> OptionalLong.empty()),
                wakeUp.getIfAvailable(() -> () -> {}));
    }

    /** Without an event store to ask: a version never reached is a 503 after the timeout. */
    public ReadConsistency(MongoDatabase database, Duration timeout, Duration retryAfter, MeterRegistry meters) {
        this(database, timeout, retryAfter, meters, null, () -> {});
    }

    public ReadConsistency(
            MongoDatabase database,
            Duration timeout,
            Duration retryAfter,
            MeterRegistry meters,
            StreamVersions streams,
            ProjectionWakeUp wakeUp) {
        this.database = database;
        this.timeout = timeout;
        this.retryAfter = retryAfter;
        this.meters = meters;
        this.streams = streams;
        this.wakeUp = wakeUp;
    }

    /**
     * Returns once the read model includes {@code minVersion} of the customer (at once if null).
     *
     * @throws ReadModelBehindException if it does not within the timeout
     * @throws UnknownVersionException if the event store's stream of the customer has no such version
     * @throws ReadNotFoundException if the event store has no such customer
     */
    public void await(ReadModel readModel, String customerId, Long minVersion) {
        if (minVersion == null) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        boolean seenBehind = false;
        while (true) {
            long reached = version(readModel, customerId);
            if (reached >= minVersion) {
                record(readModel, "reached", started);
                return;
            }
            if (!seenBehind) {
                // only when behind: a read that is already satisfied costs no event-store query
                if (streams != null) {
                    requireExistingVersion(customerId, minVersion);
                }
                wakeUp.lookNow();
                seenBehind = true;
            }
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                record(readModel, "timeout", started);
                throw new ReadModelBehindException(readModel, customerId, minVersion, reached, retryAfter);
            }
            sleep(Math.min(pause, remainingMillis));
            pause = nextPause(pause);
        }
    }

    private void requireExistingVersion(String customerId, long minVersion) {
        OptionalLong current = streams.currentVersion(customerId);
        if (current.isEmpty()) {
            throw new ReadNotFoundException("customerId", "no customer " + customerId);
        }
        if (minVersion > current.getAsLong()) {
            throw new UnknownVersionException(customerId, minVersion, current.getAsLong());
        }
    }

    /** The pause after {@code pause}: doubling, capped at {@link #MAX_PAUSE_MILLIS}. */
    static long nextPause(long pause) {
        return Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }

    /** The last applied sequence number of the customer in the read model, -1 if not projected. */
    public long version(ReadModel readModel, String customerId) {
        Document progress = database.getCollection(readModel.progressCollection())
                .find(Filters.eq("_id", customerId))
                .projection(Projections.include(DocumentWorkingSet.LAST_SEQUENCE))
                .first();
        return progress == null ? -1 : DocumentWorkingSet.lastSequence(progress);
    }

    private void record(ReadModel readModel, String outcome, long startedNanos) {
        Timer.builder(WAIT_METRIC)
                .description("time a read waited for its minVersion")
                .tag("readModel", readModel.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(meters)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a read model", e);
        }
    }
}
