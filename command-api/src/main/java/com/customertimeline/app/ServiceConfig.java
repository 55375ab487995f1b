package com.customertimeline.app;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import java.time.Clock;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Service-wide beans: time, audit metadata, health and the OpenAPI description. */
@Configuration
public class ServiceConfig {

    /** One clock for everything that reads "now", so tests can fix it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Copies who sent a command ({@code actor}) and its Idempotency-Key into the metadata of every event
     * it causes, so auditors can see who recorded what.
     */
    @Bean
    CorrelationDataProvider auditCorrelation() {
        return new SimpleCorrelationDataProvider("actor", "actorKind", "actorRoles", "onBehalfOf", "idempotencyKey");
    }

    /**
     * Axon's own origin: {@code correlationId} is the message that caused the event (the command),
     * {@code traceId} the first message of the chain. Declared here because defining any provider
     * replaces Axon's default one; the audit export shows them as causation and correlation ids.
     */
    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    /**
     * The event store is the source of truth: if it cannot be read, the service must not take traffic.
     * Part of the readiness group.
     */
    @Bean
    HealthIndicator eventStoreHealthIndicator(EventStore eventStore) {
        return () -> {
            try {
                eventStore.createHeadToken();
                return Health.up().build();
            } catch (RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }

    @Bean
    OpenAPI customerTimelineOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Customer Timeline API")
                        .version("v1")
                        .description("Commands record what happened to a customer; reads show the customer's whole"
                                + " history. Errors are RFC 9457 problem+json. POST/PUT/PATCH accept an"
                                + " Idempotency-Key header."));
    }
}
