package com.customertimeline.projections.wiring;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.projections.support.ProjectionsConfiguration;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.Samples;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Boots the read side the way the service does (component scan of {@code com.customertimeline.projections},
 * Axon's Spring Boot auto-configuration, an application-provided {@link MongoClient} and {@link Clock}) and
 * checks the wiring: pooled streaming processors per processing group, the application's clock, and an
 * event published to the event store readable over HTTP with read-your-writes.
 */
@SpringBootTest(
        classes = ProjectionsWiringTest.TestApplication.class,
        properties = {"axon.axonserver.enabled=false", "timeline.mongo.database=wiring_test"})
@AutoConfigureMockMvc
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProjectionsWiringTest {

    static final Clock FIXED = Clock.fixed(T0.plus(Duration.ofDays(30)), ZoneOffset.UTC);

    @SpringBootApplication(scanBasePackages = "com.customertimeline.projections")
    static class TestApplication {

        @Bean(destroyMethod = "shutdownNow")
        MongoServer mongoServer() {
            return new MongoServer(new MemoryBackend());
        }

        @Bean(destroyMethod = "close")
        MongoClient mongoClient(MongoServer server) {
            InetSocketAddress address = server.bind();
            return MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        }

        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }

        @Bean
        Clock applicationClock() {
            return FIXED;
        }
    }

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("readModelDatabase")
    MongoDatabase readModelDatabase;

    @Test
    void every_processing_group_runs_in_a_pooled_streaming_processor() {
        for (String group : ProjectionsConfiguration.PROCESSING_GROUPS) {
            assertThat(processing.eventProcessor(group, PooledStreamingEventProcessor.class))
                    .as(group)
                    .isPresent();
        }
    }

    @Test
    void the_read_models_use_the_configured_database_and_the_application_clock() {
        assertThat(readModelDatabase.getName()).isEqualTo("wiring_test");
        assertThat(context.getBeansOfType(Clock.class)).containsOnlyKeys("applicationClock");
    }

    @Test
    void a_published_event_is_readable_over_http_once_its_version_is_projected() throws Exception {
        EventLog log = new EventLog();
        List<org.axonframework.eventhandling.EventMessage<?>> events = new ArrayList<>();
        events.add(log.rep("rep-w", Samples.rep("rep-w", "Wanda", T0), T0));
        events.add(log.customer("cust-w", Samples.registered("cust-w", "Wilma Wire", "rep-w", T0), T0));
        events.add(log.customer(
                "cust-w",
                Samples.interaction("cust-w", "i-1", Channel.CHAT, Direction.INBOUND, T0.plusSeconds(60)),
                T0.plusSeconds(60)));
        eventStore.publish(events);

        mvc.perform(get("/api/v1/customers/cust-w").param("minVersion", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(1))
                .andExpect(jsonPath("$.stage").value("INTENTIONAL"))
                .andExpect(jsonPath("$.lastContact.daysSince").value(29));
        mvc.perform(get("/api/v1/customers/cust-w/timeline").param("minVersion", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries.length()").value(2));
        mvc.perform(get("/api/v1/reps/rep-w/customers").param("minVersion", "1").param("customerId", "cust-w"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customers[0].customerId").value("cust-w"));
    }
}
