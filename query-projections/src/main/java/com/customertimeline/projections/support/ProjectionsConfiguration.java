package com.customertimeline.projections.support;

import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/**
 * Wires the read side into the service: the read-model database (from the application's
 * {@link MongoClient}, named by {@code timeline.mongo.database}), the processing groups' token store and
 * error handling. The clock comes from {@link ReadSideClockAutoConfiguration}. The processors themselves are pooled streaming
 * processors configured in {@code projections-defaults.properties}, which the application may override.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:projections-defaults.properties")
public class ProjectionsConfiguration {

    /** The processing groups of this module. */
    public static final List<String> PROCESSING_GROUPS = List.of(
            TimelineProjection.PROCESSING_GROUP,
            CustomerSummaryProjection.PROCESSING_GROUP,
            RepPortfolioProjection.PROCESSING_GROUP);

    @Bean
    MongoDatabase readModelDatabase(
            MongoClient mongoClient, @Value("${timeline.mongo.database:customer_timeline}") String name) {
        return mongoClient.getDatabase(name);
    }

    /** The collection of the read side's tracking tokens, in the read-model database. */
    public static final String TOKENS = "tracking_tokens";

    /**
     * The documents the projections hold while their processors catch up ({@link CatchUpWrites}), with
     * each processor's batch size: only full batches are held.
     */
    @Bean
    CatchUpWrites catchUpWrites(
            Environment environment,
            ObjectProvider<MeterRegistry> meters,
            @Value("${timeline.read-model.catch-up.hold:true}") boolean enabled,
            @Value("${timeline.read-model.catch-up.behind:5s}") Duration behind,
            @Value("${timeline.read-model.catch-up.near-head:1000}") long nearHead,
            ObjectProvider<EventStore> eventStore,
            @Value("${timeline.read-model.catch-up.max-documents:5000}") int maxDocuments,
            @Value("${timeline.read-model.catch-up.max-age:10s}") Duration maxAge) {
        Map<String, Integer> batchSizes = new HashMap<>();
        for (String group : PROCESSING_GROUPS) {
            Integer batchSize =
                    environment.getProperty("axon.eventhandling.processors[" + group + "].batch-size", Integer.class);
            if (batchSize != null) { // without a known batch size no batch counts as full: nothing is held
                batchSizes.put(group, batchSize);
            }
        }
        Supplier<OptionalLong> head = () -> {
            EventStore store = eventStore.getIfAvailable();
            TrackingToken token = store == null ? null : store.createHeadToken();
            return token == null ? OptionalLong.empty() : token.position();
        };
        CatchUpWrites catchUp = new CatchUpWrites(
                new CatchUpWrites.Settings(enabled, behind, nearHead, maxDocuments, maxAge),
                batchSizes,
                head,
                Clock.systemUTC());
        meters.ifAvailable(registry -> {
            for (String group : PROCESSING_GROUPS) {
                Gauge.builder("timeline.processor.held", catchUp, c -> c.heldDocuments(group))
                        .tag("processor", group)
                        .description("Documents the processor holds in memory while it catches up (not yet written)")
                        .register(registry);
            }
        });
        return catchUp;
    }

    /**
     * The read side's tracking tokens live in the read-model database, next to the documents they
     * account for, instead of in the event store's database: what is durable in one is then durable in
     * the other. On the embedded default both are in one file that is written asynchronously (ADR
     * 0007); after a crash the file holds the documents and tokens of the same moment, so no event is
     * marked as projected whose writes were lost. {@link TokenAfterProjectionWrites} keeps each token
     * behind its batch's writes. Other processors (the departure process) keep the relational token
     * store, whose transaction they share.
     */
    @Bean
    ConfigurerModule readModelTokenStore(
            MongoDatabase readModelDatabase,
            CatchUpWrites catchUpWrites,
            @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") java.time.Duration claimTimeout) {
        return configurer -> {
            // one store for the three processors: one collection, one index check at start-up
            TokenStore[] shared = new TokenStore[1];
            Function<org.axonframework.config.Configuration, TokenStore> tokens = c -> {
                synchronized (shared) {
                    if (shared[0] == null) {
                        shared[0] = new TokenAfterProjectionWrites(
                                MongoTokenStore.builder()
                                        .mongoTemplate(DefaultMongoTemplate.builder()
                                                .mongoDatabase(readModelDatabase)
                                                .trackingTokensCollectionName(TOKENS)
                                                .build())
                                        .serializer(c.serializer())
                                        .claimTimeout(claimTimeout)
                                        .build(),
                                catchUpWrites);
                    }
                    return shared[0];
                }
            };
            configurer.eventProcessing(processing -> {
                for (String group : PROCESSING_GROUPS) {
                    processing.registerTokenStore(group, tokens);
                }
            });
        };
    }

    /**
     * A projection that cannot apply an event (e.g. its document is missing) must not skip it silently:
     * the error propagates, the batch rolls back and the processor retries it with back-off.
     */
    @Bean
    ConfigurerModule projectionErrorHandling() {
        return configurer -> configurer.eventProcessing(processing -> {
            for (String group : PROCESSING_GROUPS) {
                processing.registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
            }
        });
    }
}
