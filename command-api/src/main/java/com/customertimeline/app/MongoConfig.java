package com.customertimeline.app;

import com.customertimeline.readmodel.ReadModelWriteMeter;
import com.customertimeline.readmodel.embedded.IndexedH2Backend;
import com.customertimeline.readmodel.embedded.ProjectionStoreFile;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
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

    /**
     * The projection store's file under the data folder (the default backend); absent when the
     * projections are kept in memory (tests).
     */
    @Bean(destroyMethod = "") // closed by the wire server's shutdown
    @ConditionalOnProperty(name = "timeline.mongo.backend", havingValue = "h2", matchIfMissing = true)
    ProjectionStoreFile projectionStoreFile(TimelineProperties properties, ObjectProvider<MeterRegistry> meters)
            throws IOException {
        Path dir = properties.dataDir().toAbsolutePath();
        Files.createDirectories(dir);
        Path file = dir.resolve("projections.mv");
        ProjectionStoreFile store = new ProjectionStoreFile(
                file,
                properties.mongo().compress(),
                () -> IndexedH2Backend.open(
                        file,
                        properties.mongo().cacheMegabytes(),
                        properties.mongo().compress()));
        meters.ifAvailable(registry -> registerFileGauges(store, registry));
        return store;
    }

    @Bean(destroyMethod = "shutdown")
    MongoServer embeddedMongoServer(ObjectProvider<ProjectionStoreFile> file) {
        // in memory (tests): the same store as the file's, one code path for both
        ProjectionStoreFile onFile = file.getIfAvailable();
        MongoBackend backend = onFile != null ? onFile : IndexedH2Backend.inMemory();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        return server;
    }

    /**
     * The file's size and how much of it is live: the file holds every version written until
     * housekeeping frees it, and a falling live share is the first sign that housekeeping is not keeping
     * up (ADR 0007).
     */
    static void registerFileGauges(ProjectionStoreFile file, MeterRegistry registry) {
        Gauge.builder("timeline.projection-store.file.size", file, f -> f.current()
                        .fileBytes())
                .description("Size of the embedded projection store's file")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("timeline.projection-store.file.live", file, f -> f.current()
                        .livePercent())
                .description("Share of the file's chunks still referenced by the current version")
                .baseUnit("percent")
                .register(registry);
    }

    /**
     * The driver's client of the in-process server, with the same command metrics a production client gets
     * from Spring Boot ({@code mongodb.driver.commands}) and the documents written per collection.
     */
    @Bean(destroyMethod = "close")
    MongoClient mongoClient(MongoServer embeddedMongoServer, ObjectProvider<MeterRegistry> meters) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(embeddedMongoServer.getConnectionString()));
        meters.ifAvailable(registry -> settings.addCommandListener(new MongoMetricsCommandListener(registry))
                .addCommandListener(new ReadModelWriteMeter(registry)));
        return MongoClients.create(settings.build());
    }
}
