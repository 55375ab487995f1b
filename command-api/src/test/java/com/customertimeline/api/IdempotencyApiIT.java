package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Retries by internal apps: same key and body answer the first result and write nothing. */
class IdempotencyApiIT extends PostgresBackedServiceIT {

    @Autowired
    EventStore eventStore;

    String owner;
    String customer;

    @BeforeEach
    void setUp() {
        owner = unique("rep");
        customer = unique("cust");
        http.post("/api/v1/reps", """
                {"repId":"%s","displayName":"Ann"}""".formatted(owner));
        http.post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","card":{"name":"Key Account"}}"""
                        .formatted(customer, owner));
    }

    long storedEvents(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().count();
    }

    String interaction() {
        return """
                {"channel":"CHAT","direction":"INBOUND","repId":"%s","summary":"Where is my order?"}"""
                .formatted(owner);
    }

    @Test
    void retryWithSameKeyAndBodyReturnsFirstAnswerAndWritesNothing() {
        Map<String, String> key = Map.of("Idempotency-Key", unique("key"));
        String path = "/api/v1/customers/" + customer + "/interactions";

        var first = http.post(path, interaction(), key);
        var retry = http.post(path, interaction(), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(storedEvents(customer)).isEqualTo(2);
    }

    @Test
    void retryIsRecognisedWhateverTheJsonFormatting() {
        Map<String, String> key = Map.of("Idempotency-Key", unique("key"));
        String path = "/api/v1/customers/" + customer + "/interactions";
        String reformatted =
                """
                { "summary" : "Where is my order?", "repId":"%s",
                  "direction":"INBOUND", "channel":"CHAT" }"""
                        .formatted(owner);

        var first = http.post(path, interaction(), key);
        var retry = http.post(path, reformatted, key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(storedEvents(customer)).isEqualTo(2);
    }

    @Test
    void sameKeyWithDifferentBodyIs422AndWritesNothing() {
        Map<String, String> key = Map.of("Idempotency-Key", unique("key"));
        String path = "/api/v1/customers/" + customer + "/interactions";
        http.post(path, interaction(), key);

        var reused = http.post(path, interaction().replace("Where is my order?", "Something else"), key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.json().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(storedEvents(customer)).isEqualTo(2);
    }

    @Test
    void sameKeyOnAnotherEndpointIs422() {
        String key = unique("key");
        http.post("/api/v1/customers/" + customer + "/interactions", interaction(), Map.of("Idempotency-Key", key));

        var other = http.post("/api/v1/reps", "{\"displayName\":\"Someone\"}", Map.of("Idempotency-Key", key));

        assertThat(other.status()).isEqualTo(422);
    }

    @Test
    void generatedIdsOfARetryAreTheFirstOnes() {
        Map<String, String> key = Map.of("Idempotency-Key", unique("key"));
        var first = http.post(
                "/api/v1/customers",
                """
                {"ownerRepId":"%s","card":{"name":"Generated Id"}}""".formatted(owner),
                key);
        var retry = http.post(
                "/api/v1/customers",
                """
                {"ownerRepId":"%s","card":{"name":"Generated Id"}}""".formatted(owner),
                key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.json().get("customerId")).isEqualTo(first.json().get("customerId"));
        assertThat(storedEvents(first.json().get("customerId").asText())).isEqualTo(1);
    }

    @Test
    void rejectedCommandKeepsNoKeySoCorrectedRetryRuns() {
        Map<String, String> key = Map.of("Idempotency-Key", unique("key"));
        String path = "/api/v1/customers/" + customer + "/owner";

        var rejected = http.send("PUT", path, """
                {"toRepId":"ghost","reason":"OTHER"}""", key);
        var corrected =
                http.send("PUT", path, """
                {"toRepId":"%s","reason":"OTHER"}""".formatted(owner), key);

        assertThat(rejected.status()).isEqualTo(422);
        // the corrected body is a different request: the key was not consumed by the rejection,
        // but the owner is already the owner, so the domain rejects it on its own terms
        assertThat(corrected.status()).isEqualTo(422);
        assertThat(corrected.json().get("code").asText()).isEqualTo("already-owner");
        assertThat(storedEvents(customer)).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithOneKeyWriteOnce() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", unique("key"));
        String path = "/api/v1/customers/" + customer + "/interactions";
        List<Callable<Http.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> http.post(path, interaction(), key));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Http.Response> responses = new ArrayList<>();
        try {
            for (Future<Http.Response> response : pool.invokeAll(calls)) {
                responses.add(response.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(responses).extracting(Http.Response::status).containsOnly(201);
        assertThat(responses)
                .extracting(r -> r.json().get("interactionId"))
                .containsOnly(responses.get(0).json().get("interactionId"));
        assertThat(storedEvents(customer)).isEqualTo(2);
    }

    @Test
    void theAuthenticatedClientAndThePersonItActsForAreRecordedInTheEventsMetadataForAuditors() {
        String key = unique("key");
        String principal = http.get("/api/v1/me").json().path("principal").asText();
        var recorded = http.post(
                "/api/v1/customers/" + customer + "/interactions",
                interaction(),
                Map.of("Idempotency-Key", key, "X-Actor", "someone-else", "On-Behalf-Of", "call-centre/agent-17"));

        var event = eventStore
                .readEvents(customer)
                .asStream()
                .filter(e ->
                        e.getSequenceNumber() == recorded.json().get("version").asLong())
                .findFirst()
                .orElseThrow();
        assertThat(principal).startsWith("it-service-");
        assertThat(event.getMetaData()).containsEntry("actor", principal);
        assertThat(event.getMetaData()).containsEntry("actorKind", "CLIENT");
        assertThat(event.getMetaData()).containsEntry("onBehalfOf", "call-centre/agent-17");
        assertThat(event.getMetaData()).containsEntry("idempotencyKey", key);
    }

    @Test
    void rejectsOverlongKey() {
        var response =
                http.post("/api/v1/reps", "{\"displayName\":\"Someone\"}", Map.of("Idempotency-Key", "k".repeat(201)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("Idempotency-Key");
    }
}
