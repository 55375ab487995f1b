package com.customertimeline.projections.support;

import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * Wires the read side into the service: the read-model database (from the application's
 * {@link MongoClient}, named by {@code timeline.mongo.database}) and the processing groups' error
 * handling. The clock comes from {@link ReadSideClockAutoConfiguration}. The processors themselves are pooled streaming
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
