package com.customertimeline.readside;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.projections.support.ProjectionsConfiguration;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read side's tracking tokens live in the read-model database next to the documents they account
 * for (ADR 0007); the departure process keeps its token in the relational store with its plan.
 */
class ReadSideTokensIT extends PostgresBackedServiceIT {

    @Autowired
    MongoDatabase readModelDatabase;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    /**
     * The projections are pooled streaming processors with batches (their writes and tokens are made
     * for it) and the departure process a tracking one. A map key of application.yml written without
     * brackets once dropped the dashes' entries from projections-defaults.properties and left two
     * projections as tracking processors handling one event per transaction.
     */
    @Test
    void theProjectionsArePooledStreamingProcessorsWithOneSegmentOnTheEmbeddedDefault() {
        for (String group : ProjectionsConfiguration.PROCESSING_GROUPS) {
            assertThat(processing.eventProcessor(group, PooledStreamingEventProcessor.class))
                    .as(group)
                    .isPresent();
        }
        assertThat(processing.eventProcessor("rep-departures", TrackingEventProcessor.class))
                .isPresent();
    }

    @Test
    void theProjectionsTokensAreInTheReadModelDatabaseAndTheProcessesWithSideEffectsInTheRelationalStore() {
        String rep = unique("rep");
        String customer = unique("cust");
        assertThat(http.post("/api/v1/reps", "{\"repId\":\"%s\",\"displayName\":\"Tia\"}".formatted(rep))
                        .status())
                .isEqualTo(201);
        var registered = http.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Token Ltd\"}}"
                        .formatted(customer, rep));
        assertThat(registered.status()).isEqualTo(201);
        long version = registered.json().path("version").asLong();
        assertThat(http.get("/api/v1/customers/" + customer + "?minVersion=" + version)
                        .status())
                .isEqualTo(200);

        List<String> readSide = new ArrayList<>();
        for (Document token :
                readModelDatabase.getCollection(ProjectionsConfiguration.TOKENS).find()) {
            readSide.add(token.getString("processorName") + "/" + token.getInteger("segment"));
            assertThat(token.get("token")).as("stored position of %s", token).isNotNull();
        }
        assertThat(readSide)
                .as("one segment per projection on the embedded default (application.yml)")
                .containsExactlyInAnyOrder("timeline/0", "customer-summary/0", "rep-portfolio/0");
        assertThat(jdbc.queryForList("SELECT DISTINCT processorName FROM TokenEntry", String.class))
                .as("processes with side effects keep their position next to the events they act on")
                .containsExactlyInAnyOrder("rep-departures", "personal-data-erasure");
    }
}
