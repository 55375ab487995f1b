package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.PostgresBackedServiceIT;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The reservation mode used where the event store is outside the key's transaction (Axon Server),
 * exercised here on the JDBC store so it runs without Docker.
 */
@TestPropertySource(properties = "timeline.idempotency.same-transaction=false")
class ReservationIdempotencyApiIT extends PostgresBackedServiceIT {

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void retryReturnsFirstAnswerAndWritesNothing() {
        String rep = unique("rep");
        Map<String, String> key = Map.of("Idempotency-Key", unique("key"));
        String body = "{\"repId\":\"%s\",\"displayName\":\"Res\"}".formatted(rep);

        var first = http.post("/api/v1/reps", body, key);
        var retry = http.post("/api/v1/reps", body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(eventStore.readEvents(rep).asStream().count()).isEqualTo(1);
    }

    @Test
    void rejectedCommandReleasesItsReservation() {
        String key = unique("key");
        var rejected = http.post(
                "/api/v1/customers",
                "{\"ownerRepId\":\"ghost\",\"card\":{\"name\":\"X\"}}",
                Map.of("Idempotency-Key", key));

        assertThat(rejected.status()).isEqualTo(422);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_key WHERE idem_key = ?", Integer.class, key))
                .isZero();
    }

    @Test
    void unfinishedReservationAnswers409InsteadOfRunningTwice() {
        String key = unique("key");
        String rep = unique("rep");
        String body = "{\"repId\":\"%s\",\"displayName\":\"Res\"}".formatted(rep);
        // what a crash between the event append and storing the answer leaves behind
        var first = http.post("/api/v1/reps", body, Map.of("Idempotency-Key", key));
        jdbc.update("UPDATE idempotency_key SET status = NULL, response_body = NULL WHERE idem_key = ?", key);

        var retry = http.post("/api/v1/reps", body, Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("code").asText()).isEqualTo("idempotency-key-in-progress");
        assertThat(retry.header("Retry-After")).isEqualTo("1");
        assertThat(eventStore.readEvents(rep).asStream().count()).isEqualTo(1);
    }
}
