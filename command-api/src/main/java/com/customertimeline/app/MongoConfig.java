package com.customertimeline.app;

import com.customertimeline.app.projectionstore.IndexedH2Backend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default's projection store: an in-process MongoDB-wire server, so the projections use
 * the real MongoDB Java driver with no outside process. Its H2 backend is {@link IndexedH2Backend}. With {@code timeline.mongo.embedded=false}
 * this configuration steps aside and Spring Boot connects to {@code spring.data.mongodb.uri}.
 */
@Configuration
@ConditionalOnProperty(name = "timeline.mongo.embedded", havingValue = "true", matchIfMissing = true)
public class MongoConfig {

    @Bean(destroyMethod = "shutdown")
    MongoServer embeddedMongoServer(TimelineProperties properties, ObjectProvider<MeterRegistry> meters)
            throws IOException {
        MongoBackend backend;
        if ("memory".equals(properties.mongo().backend())) {
            // the same store as the file, kept in memory (tests): one code path for both
            backend = IndexedH2Backend.inMemory();
        } else {
            Path dir = properties.dataDir().toAbsolutePath();
            Files.createDirectories(dir);
            IndexedH2Backend file = IndexedH2Backend.open(
                    dir.resolve("projections.mv"),
                    properties.mongo().cacheMegabytes(),
                    properties.mongo().compress());
            meters.ifAvailable(registry -> registerFileGauges(file, registry));
            backend = file;
        }
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        return server;
    }

    /**
     * The file's size and how much of it is live: the file holds every version written until
     * housekeeping frees it, and a falling live share is the first sign that housekeeping is not keeping
     * up (ADR 0007).
     */
    static void registerFileGauges(IndexedH2Backend file, MeterRegistry registry) {
        Gauge.builder("timeline.projection-store.file.size", file, IndexedH2Backend::fileBytes)
                .description("Size of the embedded projection store's file")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("timeline.projection-store.file.live", file, IndexedH2Backend::livePercent)
                .description("Share of the file's chunks still referenced by the current version")
                .baseUnit("percent")
                .register(registry);
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(MongoServer embeddedMongoServer) {
        return MongoClients.create(embeddedMongoServer.getConnectionString());
    }
}
