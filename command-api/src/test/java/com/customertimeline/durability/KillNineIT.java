package com.customertimeline.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.eventstore.EmbeddedPostgresServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's promise, tried the way an operator would break it: the service jar on a data
 * folder, concurrent writers logging every acknowledged command, {@code kill -9} at random moments
 * under load, restart on the same folder. Afterwards every acknowledged event is in the store exactly
 * once at the version the client was given, no version was given twice, idempotency keys answer as
 * they did, the read models reach the store's versions, and every read-model collection equals what a
 * replay of the same events builds (document count and SHA-256, {@code GET /api/v1/admin/read-models}
 * before and after replaying the three projections). The writers record interactions with ratings and
 * promises and file complaints, so the summary's and the portfolio's lists change under the kills. Each
 * kill also leaves the embedded PostgreSQL orphaned: the next start must stop it and run exactly one
 * server, and a normal stop must leave none.
 *
 * <p>{@code -Dkillnine.cycles=25} runs the long form (docs/benchmarks.md has the command and result).
 */
class KillNineIT {

    private static final int CUSTOMERS = 16;
    private static final int WRITERS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    /** One acknowledged interaction: what the client was told. */
    record Ack(String customerId, String interactionId, long version, String idempotencyKey, String body) {}

    /** Every service this test started: a failed assertion must not leave one (or its database) running. */
    private final List<ServiceProcess> services = new ArrayList<>();

    private ServiceProcess started(ServiceProcess service) {
        services.add(service);
        return service;
    }

    @AfterEach
    void stopWhatIsLeft() {
        services.forEach(ServiceProcess::stop);
        ServiceProcess.postmasterPid(dataDir).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
    }

    @Test
    void acknowledgedCommandsSurviveKillNineAtRandomMomentsAndNoVersionIsHandedOutTwice() throws Exception {
        int cycles = Integer.getInteger("killnine.cycles", 5);
        COMPLAINTS_FILED.set(0);
        Random random = new Random();
        Path log = Path.of("target", "kill-nine", "service-" + System.currentTimeMillis() + ".log");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Ack> acks = Collections.synchronizedList(new ArrayList<>());

        ServiceProcess service = started(ServiceProcess.start(dataDir, log));
        authorization = service.authorization(); // the token stays valid across restarts (its key is stored)
        assertThat(post(client, service, "/api/v1/reps", "{\"repId\":\"kn-rep\",\"displayName\":\"Kim\"}", null)
                        .statusCode())
                .isEqualTo(201);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String id = "kn-" + i;
            String body =
                    "{\"customerId\":\"" + id + "\",\"ownerRepId\":\"kn-rep\",\"card\":{\"name\":\"C " + i + "\"}}";
            assertThat(post(client, service, "/api/v1/customers", body, null).statusCode())
                    .isEqualTo(201);
            customers.add(id);
        }

        long refused = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Load load = new Load(client, service, customers, acks);
            Thread.sleep(1_500 + random.nextInt(3_500));
            service.kill(); // while every writer is sending
            refused += load.stop();
            Optional<Long> orphan = ServiceProcess.postmasterPid(dataDir);
            assertThat(orphan)
                    .as("cycle %d: the embedded PostgreSQL outlives the killed service", cycle)
                    .isPresent();
            assertThat(ProcessHandle.of(orphan.get()).map(ProcessHandle::isAlive))
                    .hasValue(true);

            service = started(ServiceProcess.start(dataDir, log));
            assertThat(ProcessHandle.of(orphan.get())
                            .map(ProcessHandle::isAlive)
                            .orElse(false))
                    .as("cycle %d: the orphan was stopped", cycle)
                    .isFalse();
            assertThat(ServiceProcess.postgresServersOn(dataDir))
                    .as("cycle %d: exactly one PostgreSQL server runs on the folder", cycle)
                    .hasSize(1);
        }
        System.out.printf(
                "kill -9: %d cycles, %d interactions acknowledged, %d complaints filed, %d attempts not acknowledged%n",
                cycles, acks.size(), COMPLAINTS_FILED.get(), refused);
        // kills must land under load; how much load depends on what else the machine runs (a busy CI
        // machine acknowledged 229 in 5 cycles, a quiet one 570), so the floor is modest
        assertThat(acks).as("the load was real").hasSizeGreaterThan(cycles * 20);
        assertThat(COMPLAINTS_FILED.get()).as("complaints were filed too").isPositive();

        Set<String> versionsGiven = new HashSet<>();
        for (Ack ack : acks) {
            assertThat(versionsGiven.add(ack.customerId() + "@" + ack.version()))
                    .as("version %d of %s acknowledged twice", ack.version(), ack.customerId())
                    .isTrue();
        }

        // idempotency keys are as durable as the events: a retry answers what was answered, writes nothing
        List<Ack> sample = new ArrayList<>(acks);
        Collections.shuffle(sample, random);
        for (Ack ack : sample.subList(0, Math.min(100, sample.size()))) {
            HttpResponse<String> retry = post(
                    client,
                    service,
                    "/api/v1/customers/" + ack.customerId() + "/interactions",
                    ack.body(),
                    ack.idempotencyKey());
            JsonNode answer = JSON.readTree(retry.body());
            assertThat(answer.path("interactionId").asText()).isEqualTo(ack.interactionId());
            assertThat(answer.path("version").asLong()).isEqualTo(ack.version());
        }

        service.stop();
        assertThat(ServiceProcess.postgresServersOn(dataDir))
                .as("a normal stop leaves no PostgreSQL running")
                .isEmpty();

        Map<String, Long> storeVersions = checkStore(acks);

        service = started(ServiceProcess.start(dataDir, log));
        try {
            for (String customer : customers) {
                long version = storeVersions.get(customer);
                HttpResponse<String> summary = client.send(
                        HttpRequest.newBuilder(URI.create(
                                        service.base() + "/api/v1/customers/" + customer + "?minVersion=" + version))
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", authorization)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(summary.statusCode())
                        .as("the read model of %s reaches version %d", customer, version)
                        .isEqualTo(200);
            }
            // what the crashes left is what a replay of the same events builds, collection by collection;
            // the summary has reached every version, the timeline and the portfolio must have as well
            for (String processor : PROJECTIONS) {
                awaitLive(client, service, processor, null);
            }
            JsonNode survived = readModels(client, service);
            Map<String, List<String>> entriesBefore = new HashMap<>();
            for (String customer : customers) {
                entriesBefore.put(customer, timeline(client, service, customer));
            }
            for (String processor : PROJECTIONS) {
                replay(client, service, processor);
            }
            JsonNode replayed = readModels(client, service);
            List<String> differences = new ArrayList<>();
            for (String customer : customers) {
                List<String> after = timeline(client, service, customer);
                List<String> before = entriesBefore.get(customer);
                List<String> missing = new ArrayList<>(after);
                missing.removeAll(before);
                List<String> extra = new ArrayList<>(before);
                extra.removeAll(after);
                if (!missing.isEmpty() || !extra.isEmpty()) {
                    differences.add(customer + ": only after the replay " + missing + ", only before " + extra);
                }
            }
            assertThat(differences)
                    .as("timeline entries that differ from a replay's")
                    .isEmpty();
            assertThat(survived).as("read models after the crashes").isNotEmpty();
            for (JsonNode projection : survived) {
                for (JsonNode collection : projection.path("collections")) {
                    System.out.printf(
                            "read model %s: %d documents%n",
                            collection.path("collection").asText(),
                            collection.path("documents").asLong());
                }
            }
            assertThat(replayed)
                    .as("every read-model collection equals a fresh replay's (documents and SHA-256)")
                    .isEqualTo(survived);
        } finally {
            service.stop();
        }
        assertThat(ServiceProcess.postgresServersOn(dataDir)).isEmpty();
    }

    private static final List<String> PROJECTIONS = List.of("timeline", "customer-summary", "rep-portfolio");

    /** The fingerprint of every read-model collection, projections and collections in a fixed order. */
    private static JsonNode readModels(HttpClient client, ServiceProcess service) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(service.base() + "/api/v1/admin/read-models"))
                        .timeout(Duration.ofMinutes(2))
                        .header("Authorization", authorization)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("projections");
    }

    /** Every entry of the customer's timeline, as sequence, kind and id, oldest first. */
    private static List<String> timeline(HttpClient client, ServiceProcess service, String customer) throws Exception {
        List<String> entries = new ArrayList<>();
        String cursor = null;
        do {
            String query = "?limit=200&order=asc" + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(
                                    URI.create(service.base() + "/api/v1/customers/" + customer + "/timeline" + query))
                            .header("Authorization", authorization)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode entry : page.path("entries")) {
                entries.add(entry.path("sequence").asLong() + " "
                        + entry.path("kind").asText() + " " + entry.path("id").asText());
            }
            cursor = page.path("nextCursor").asText(null);
        } while (cursor != null);
        return entries;
    }

    /** Resets the projection and waits until its replay has reached the head of the stream. */
    private static void replay(HttpClient client, ServiceProcess service, String processor) throws Exception {
        java.time.Instant asked = java.time.Instant.now();
        assertThat(post(client, service, "/api/v1/admin/processors/" + processor + "/replay", "", null)
                        .statusCode())
                .isEqualTo(202);
        awaitLive(client, service, processor, asked);
    }

    /**
     * Waits until the processor is live at the head of the stream (and, when {@code replayedAfter} is
     * given, has finished a replay asked for at or after it).
     */
    private static void awaitLive(
            HttpClient client, ServiceProcess service, String processor, java.time.Instant replayedAfter)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode state = null;
        while (System.nanoTime() < deadline) {
            state = JSON.readTree(client.send(
                            HttpRequest.newBuilder(URI.create(service.base() + "/api/v1/admin/processors/" + processor))
                                    .header("Authorization", authorization)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String finished = state.path("replayFinishedAt").asText(null);
            boolean replayed = replayedAfter == null
                    || (finished != null && !java.time.Instant.parse(finished).isBefore(replayedAfter));
            if ("LIVE".equals(state.path("state").asText())
                    && replayed
                    && state.path("position").asLong() == state.path("head").asLong()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(processor + " did not reach the head of the stream: " + state);
    }

    /**
     * Every acknowledged interaction is the event at the acknowledged version, and no interaction is
     * stored twice. Reads the store itself, on the service's own PostgreSQL, started by the same class.
     */
    private Map<String, Long> checkStore(List<Ack> acks) throws SQLException, IOException {
        Map<String, Long> versions = new HashMap<>();
        Map<String, String> interactionAt = new HashMap<>();
        Map<String, Integer> stored = new HashMap<>();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, Map.of(), Duration.ofMinutes(2));
                Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                PreparedStatement select = connection.prepareStatement(
                        "SELECT aggregateidentifier, sequencenumber, payloadtype, payload FROM domainevententry"
                                + " WHERE aggregateidentifier LIKE 'kn-%' AND type = 'Customer'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String customer = rows.getString(1);
                long sequence = rows.getLong(2);
                versions.merge(customer, sequence, Math::max);
                if (rows.getString(3).endsWith("InteractionRecorded")) {
                    String interaction = JSON.readTree(rows.getBytes(4))
                            .path("interactionId")
                            .asText();
                    interactionAt.put(customer + "@" + sequence, interaction);
                    stored.merge(interaction, 1, Integer::sum);
                }
            }
        }
        for (Ack ack : acks) {
            assertThat(interactionAt.get(ack.customerId() + "@" + ack.version()))
                    .as(
                            "acknowledged interaction %s of %s at version %d",
                            ack.interactionId(), ack.customerId(), ack.version())
                    .isEqualTo(ack.interactionId());
        }
        assertThat(stored.values()).as("no interaction is stored twice").allMatch(count -> count == 1);
        return versions;
    }

    /** Writers recording interactions as fast as they can, each answer logged, until stopped. */
    private static final class Load {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong refused = new AtomicLong();
        private final CountDownLatch done = new CountDownLatch(WRITERS);
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        Load(HttpClient client, ServiceProcess service, List<String> customers, List<Ack> acks) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread thread = new Thread(() -> write(client, service, customers, acks, writer));
                thread.setDaemon(true);
                thread.start();
            }
        }

        private void write(
                HttpClient client, ServiceProcess service, List<String> customers, List<Ack> acks, int writer) {
            Random random = new Random();
            try {
                while (running.get()) {
                    String customer = customers.get(random.nextInt(customers.size()));
                    String key = "kn-" + writer + "-" + UUID.randomUUID();
                    if (random.nextInt(6) == 0) {
                        complain(client, service, customer, key);
                        continue;
                    }
                    // ratings and promises too, so that the summary's and portfolio's lists change under the kills
                    String body = "{\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"kn-rep\","
                            + "\"summary\":\"call " + key + "\",\"satisfaction\":" + (1 + random.nextInt(5))
                            + (random.nextInt(3) == 0
                                    ? ",\"followUp\":{\"dueAt\":\"2026-12-01T10:00:00Z\",\"description\":\"Call back\"}"
                                    : "")
                            + "}";
                    try {
                        HttpResponse<String> response =
                                post(client, service, "/api/v1/customers/" + customer + "/interactions", body, key);
                        if (response.statusCode() == 201) {
                            JsonNode json = JSON.readTree(response.body());
                            acks.add(new Ack(
                                    customer,
                                    json.path("interactionId").asText(),
                                    json.path("version").asLong(),
                                    key,
                                    body));
                        } else if (response.statusCode() >= 500 && response.statusCode() != 503) {
                            failures.add(new AssertionError(
                                    "server error " + response.statusCode() + ": " + response.body()));
                        } else {
                            refused.incrementAndGet(); // 409 concurrent modification, 503 back-pressure
                        }
                    } catch (IOException e) {
                        refused.incrementAndGet(); // in flight when the service was killed
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failures.add(e);
            } finally {
                done.countDown();
            }
        }

        /** A complaint filed under the same key as its id; its answer is not logged, only a 5xx fails. */
        private void complain(HttpClient client, ServiceProcess service, String customer, String key)
                throws InterruptedException {
            String body = "{\"complaintId\":\"" + key + "\",\"channel\":\"EMAIL\",\"category\":\"DELIVERY\","
                    + "\"severity\":\"HIGH\",\"description\":\"Parcel " + key + " damaged\"}";
            try {
                HttpResponse<String> response =
                        post(client, service, "/api/v1/customers/" + customer + "/complaints", body, key);
                if (response.statusCode() == 201) {
                    COMPLAINTS_FILED.incrementAndGet();
                } else if (response.statusCode() >= 500 && response.statusCode() != 503) {
                    failures.add(new AssertionError("server error " + response.statusCode() + ": " + response.body()));
                } else {
                    refused.incrementAndGet();
                }
            } catch (IOException e) {
                refused.incrementAndGet();
            }
        }

        /** Stops the writers; returns the attempts that were not acknowledged. */
        long stop() throws InterruptedException {
            running.set(false);
            assertThat(done.await(2, java.util.concurrent.TimeUnit.MINUTES))
                    .as("writers stopped")
                    .isTrue();
            assertThat(failures).as("no 5xx other than 503").isEmpty();
            return refused.get();
        }
    }

    private static volatile String authorization;

    /** Complaints filed with a 201, over all cycles (their answers are not checked one by one). */
    private static final AtomicLong COMPLAINTS_FILED = new AtomicLong();

    private static HttpResponse<String> post(
            HttpClient client, ServiceProcess service, String path, String body, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
