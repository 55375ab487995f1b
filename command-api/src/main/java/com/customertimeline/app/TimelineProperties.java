package com.customertimeline.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the service itself (Spring and Axon settings keep their own prefixes).
 *
 * @param dataDir where the embedded default keeps its files (event store, projection store)
 * @param snapshotThreshold events after which an aggregate is snapshotted, so long histories load fast
 * @param mongo where the projections live
 * @param commandTimeout how long a command may take before the caller gets an error
 * @param backPressure how far the read models may fall behind before commands are held back
 * @param aggregateCache how many aggregates stay loaded between commands
 * @param eventStore the embedded default's own PostgreSQL (used when no {@code spring.datasource.url}
 *     is set)
 */
@ConfigurationProperties("timeline")
public record TimelineProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("100") int snapshotThreshold,
        @DefaultValue Mongo mongo,
        @DefaultValue("30s") Duration commandTimeout,
        @DefaultValue BackPressure backPressure,
        @DefaultValue AggregateCache aggregateCache,
        @DefaultValue EventStore eventStore) {

    /**
     * The embedded default's PostgreSQL server (ADR 0011).
     *
     * @param startupWait how long start-up waits for the server, including its crash recovery after the
     *     service was killed
     * @param postgresSettings PostgreSQL settings passed at start ({@code shared_buffers: 256MB}, ...);
     *     {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} stay on whatever is set
     *     here: the service refuses to start without them
     * @param heartbeat how often the event processors look for new events when nothing has woken them (a
     *     read waiting for its own write does, ADR 0023): the bound on how late they see a write nobody
     *     waits for
     * @param wakeOnRead whether a read waiting for its own write wakes the processors; off, such a read
     *     waits for the heartbeat (the comparison in docs/benchmarks.md, "Processors woken by reads")
     */
    public record EventStore(
            @DefaultValue("5m") Duration startupWait,
            @DefaultValue Map<String, String> postgresSettings,
            @DefaultValue("500ms") Duration heartbeat,
            @DefaultValue("true") boolean wakeOnRead) {}

    /**
     * Entries of the aggregate caches. An entry is one aggregate's state (its card, open complaints and
     * follow-ups, the ids it has seen), typically a few kilobytes; the least recently used is dropped
     * and reloaded from its snapshot when next needed.
     *
     * @param customers customers kept loaded
     * @param reps reps kept loaded
     */
    public record AggregateCache(@DefaultValue("20000") long customers, @DefaultValue("1000") long reps) {}

    /**
     * @param embedded run an in-process MongoDB-wire server instead of connecting to
     *     {@code spring.data.mongodb.uri}
     * @param backend {@code h2} (a file under the data dir, survives restarts) or {@code memory} (tests)
     * @param cacheMegabytes page cache of the {@code h2} backend's file
     * @param compress whether the {@code h2} backend writes its pages LZF-compressed
     */
    public record Mongo(
            @DefaultValue("true") boolean embedded,
            @DefaultValue("h2") String backend,
            @DefaultValue("256") int cacheMegabytes,
            @DefaultValue("false") boolean compress) {}

    /**
     * Back-pressure from the read models to the command API ({@code ProjectionBackPressure}).
     *
     * @param enabled whether commands are held back at all
     * @param maxLag how long the slowest read-side projection may need to work off its backlog, at the
     *     rate it is measured to work, before commands wait: the bound on how stale a read is after a
     *     write was acknowledged. At 250,000 events a read-your-writes read's p99 lag measured about
     *     twice this plus 100 ms (a probe lands behind a full backlog and waits for its batch), and
     *     500 ms gave 1.09 s; at 1,000,000 events the p99 was 1.15 s with 400 ms as with 500 ms,
     *     most likely because of the store's own pauses (docs/benchmarks.md)
     * @param maxBacklog events the slowest read-side projection may be behind in any case, and the
     *     only limit until its rate has been measured
     * @param maxWait how long a command waits for the backlog to fall under the limit before it is
     *     refused with 503
     * @param retryAfter what a refused caller is told to wait
     * @param sampleInterval how often the backlog is measured
     */
    public record BackPressure(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("400ms") Duration maxLag,
            @DefaultValue("5000") long maxBacklog,
            @DefaultValue("2s") Duration maxWait,
            @DefaultValue("1s") Duration retryAfter,
            @DefaultValue("100ms") Duration sampleInterval) {}
}
