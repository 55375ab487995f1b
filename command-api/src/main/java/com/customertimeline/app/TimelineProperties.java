package com.customertimeline.app;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the service itself (Spring and Axon settings keep their own prefixes).
 *
 * @param dataDir where the embedded default keeps its files (event store, projection store)
 * @param snapshotThreshold events after which an aggregate is snapshotted, so long histories load fast
 * @param mongo where the projections live
 */
@ConfigurationProperties("timeline")
public record TimelineProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("100") int snapshotThreshold,
        @DefaultValue Mongo mongo,
        @DefaultValue("30s") Duration commandTimeout) {

    /**
     * @param embedded run an in-process MongoDB-wire server instead of connecting to
     *     {@code spring.data.mongodb.uri}
     * @param backend {@code h2} (a file under the data dir, survives restarts) or {@code memory} (tests)
     * @param cacheMegabytes page cache of the {@code h2} backend's file
     */
    public record Mongo(
            @DefaultValue("true") boolean embedded,
            @DefaultValue("h2") String backend,
            @DefaultValue("256") int cacheMegabytes) {}
}
