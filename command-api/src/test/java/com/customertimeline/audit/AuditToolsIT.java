package com.customertimeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.audit.verifier.EventHasher;
import com.customertimeline.audit.verifier.OfflineVerifier;
import com.customertimeline.support.OwnStoreServiceIT;
import com.customertimeline.support.Reps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The auditor's tools end to end on PostgreSQL: an export equal to what was recorded, filtered, as CSV
 * and gzip, logged as a read; then every kind of tampering applied with plain SQL, each found by the
 * online verification and by the offline verifier on an export, at its stream and sequence.
 */
class AuditToolsIT extends OwnStoreServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path files;

    @Test
    void anExportEqualsWhatWasRecordedFilteredAsCsvAndGzipAndIsLogged() throws Exception {
        String rep = unique("exp-rep");
        Reps.register(http, rep, rep, "north");
        String customer = customerWithHistory(rep, 3);
        var keyed = http.post(
                "/api/v1/customers/" + customer + "/interactions",
                interaction(rep, "keyed-call"),
                Map.of("Idempotency-Key", "export-key-" + customer));
        assertThat(keyed.status()).isEqualTo(201);

        List<JsonNode> lines = ndjson(
                http.get("/api/v1/audit/events?customerId=" + customer).raw().body());
        List<? extends DomainEventMessage<?>> recorded =
                eventStore.readEvents(customer).asStream().toList();
        assertThat(lines).hasSize(recorded.size()).hasSize(5);
        for (int i = 0; i < recorded.size(); i++) {
            DomainEventMessage<?> event = recorded.get(i);
            JsonNode line = lines.get(i);
            assertThat(line.path("eventId").asText()).isEqualTo(event.getIdentifier());
            assertThat(line.path("aggregateType").asText()).isEqualTo("Customer");
            assertThat(line.path("aggregateId").asText()).isEqualTo(customer);
            assertThat(line.path("sequence").asLong()).isEqualTo(event.getSequenceNumber());
            assertThat(line.path("eventType").asText())
                    .isEqualTo(event.getPayloadType().getName());
            assertThat(line.path("revision").asText()).isEqualTo("1");
            assertThat(Instant.parse(line.path("recordedAt").asText())).isEqualTo(event.getTimestamp());
            JsonNode payload = line.path("payload");
            assertThat(payload.path("customerId").asText()).isEqualTo(customer);
            assertThat(line.path("occurredAt").asText())
                    .isEqualTo(payload.path("occurredAt").asText())
                    .isNotEmpty();
            assertThat(line.path("actor").asText())
                    .isEqualTo(event.getMetaData().get("actor"));
            assertThat(line.path("causationId").asText())
                    .isEqualTo(event.getMetaData().get("correlationId"));
            assertThat(line.path("correlationId").asText())
                    .isEqualTo(event.getMetaData().get("traceId"));
            byte[] chainHash = jdbc.queryForObject(
                    "SELECT hash FROM event_chain WHERE aggregate_id = ? AND seq = ?",
                    byte[].class,
                    customer,
                    event.getSequenceNumber());
            assertThat(line.path("hash").asText()).isEqualTo(HexFormat.of().formatHex(chainHash));
        }
        assertThat(lines.get(4).path("idempotencyKey").asText()).isEqualTo("export-key-" + customer);
        assertThat(lines.get(4).path("payload").path("interactionId").asText()).isEqualTo("keyed-call");

        // filters: type, resume after a position, recorded-time window, rep
        assertThat(ndjson(http.get("/api/v1/audit/events?customerId=" + customer + "&types=InteractionRecorded")
                        .raw()
                        .body()))
                .hasSize(4)
                .allMatch(line -> line.path("eventType").asText().endsWith(".InteractionRecorded"));
        long second = lines.get(1).path("position").asLong();
        assertThat(ndjson(http.get("/api/v1/audit/events?customerId=" + customer + "&afterPosition=" + second)
                        .raw()
                        .body()))
                .extracting(line -> line.path("sequence").asLong())
                .containsExactly(2L, 3L, 4L);
        String from = lines.get(2).path("recordedAt").asText();
        String to = lines.get(4).path("recordedAt").asText();
        assertThat(ndjson(http.get("/api/v1/audit/events?customerId=" + customer + "&from=" + from + "&to=" + to)
                        .raw()
                        .body()))
                .extracting(line -> line.path("sequence").asLong())
                .containsExactly(2L, 3L);
        assertThat(ndjson(http.get("/api/v1/audit/events?repId=" + rep).raw().body()))
                .extracting(line -> line.path("aggregateId").asText())
                .contains(rep, customer)
                .allMatch(id -> id.equals(rep) || id.equals(customer));

        // CSV, by Accept header or format=
        var csv = http.send("GET", "/api/v1/audit/events?customerId=" + customer, null, Map.of("Accept", "text/csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> rows = csv.raw().body().lines().toList();
        assertThat(rows.get(0)).startsWith("position,aggregateType,aggregateId,sequence,eventType");
        assertThat(rows).hasSize(6);
        assertThat(rows.get(5))
                .contains(customer)
                .contains("keyed-call")
                .contains(lines.get(4).path("hash").asText());
        assertThat(http.get("/api/v1/audit/events?customerId=" + customer + "&format=csv")
                        .raw()
                        .body())
                .isEqualTo(csv.raw().body());

        // gzip on request: the same lines
        HttpResponse<byte[]> gzipped = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + port + "/api/v1/audit/events?customerId=" + customer))
                                .header("Authorization", http.authorization())
                                .header("Accept-Encoding", "gzip")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String unzipped = new String(
                new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ndjson(unzipped)).isEqualTo(lines);

        // bad input: a problem naming the field, nothing streamed
        var badFormat = http.get("/api/v1/audit/events?format=xml");
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.contentType()).startsWith("application/problem+json");
        assertThat(badFormat.raw().body()).contains("\"format\"");
        var badFrom = http.get("/api/v1/audit/events?from=yesterday&afterPosition=x");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.raw().body()).contains("\"from\"").contains("\"afterPosition\"");

        // every export is in the read-access log
        JsonNode reads = http.get("/api/v1/audit/reads?customerId=" + customer).json();
        assertThat(reads.path("items").findValuesAsText("view")).contains("event-export");
    }

    @Test
    void everyKindOfTamperingIsFoundOnlineAndOfflineAtItsStreamAndSequence() throws Exception {
        String rep = unique("tamper-rep");
        Reps.register(http, rep, rep, "north");
        String untouched = customerWithHistory(rep, 3);
        String payload = customerWithHistory(rep, 3);
        String metadata = customerWithHistory(rep, 3);
        String deleted = customerWithHistory(rep, 3);
        String swapped = customerWithHistory(rep, 3);
        String forged = customerWithHistory(rep, 3);
        String truncated = customerWithHistory(rep, 3);
        String rewritten = customerWithHistory(rep, 3);
        Set<String> mine = Set.of(untouched, payload, metadata, deleted, swapped, forged, truncated, rewritten);
        assertThat(http.post("/api/v1/audit/checkpoints", null).status()).isEqualTo(201);

        JsonNode before = verify();
        assertThat(defectsIn(before, mine)).as("an untouched store").isEmpty();
        assertThat(before.path("result").path("checkpoints").findValuesAsText("intact"))
                .isNotEmpty()
                .containsOnly("true");
        assertThat(defectsIn(offline(), mine)).as("offline, untouched").isEmpty();

        jdbc.update(
                "UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                        + " '\"call-2\"', '\"cal#-2\"'), 'UTF8') WHERE aggregateidentifier = ? AND sequencenumber = 2",
                payload);
        jdbc.update(
                "UPDATE domainevententry SET metadata = convert_to(replace(convert_from(metadata, 'UTF8'),"
                        + " '\"actor\"', '\"actor_\"'), 'UTF8') WHERE aggregateidentifier = ? AND sequencenumber = 2",
                metadata);
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1", deleted);
        jdbc.update(
                "UPDATE domainevententry SET sequencenumber = -1 WHERE aggregateidentifier = ? AND sequencenumber = 1",
                swapped);
        jdbc.update(
                "UPDATE domainevententry SET sequencenumber = 1 WHERE aggregateidentifier = ? AND sequencenumber = 2",
                swapped);
        jdbc.update(
                "UPDATE domainevententry SET sequencenumber = 2 WHERE aggregateidentifier = ? AND sequencenumber = -1",
                swapped);
        forgeEvent(forged);
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber >= 2", truncated);

        Set<String> expected = new TreeSet<>(Set.of(
                "payload-changed " + payload + " 2",
                "metadata-changed " + metadata + " 2",
                "event-missing " + deleted + " 1",
                "events-reordered " + swapped + " 1",
                "events-reordered " + swapped + " 2",
                "event-inserted " + forged + " 4",
                "tail-truncated " + truncated + " 2"));
        JsonNode online = verify();
        assertThat(online.path("state").asText()).isEqualTo("DEFECTS_FOUND");
        assertThat(defectsIn(online, mine)).isEqualTo(expected);
        assertThat(online.path("result").path("checkpoints").findValuesAsText("intact"))
                .containsOnly("true");
        assertThat(defectsIn(offline(), mine)).as("offline").isEqualTo(expected);

        // a whole stream rewritten so that its chain is consistent again: only the signed checkpoint shows it
        rewriteConsistently(rewritten);
        JsonNode afterRewrite = verify();
        assertThat(defectsIn(afterRewrite, mine)).isEqualTo(expected);
        assertThat(afterRewrite.path("result").path("defects").findValuesAsText("kind"))
                .contains("checkpoint-mismatch");
        assertThat(afterRewrite.path("result").path("checkpoints").findValuesAsText("intact"))
                .contains("false");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        assertThat(offlineRun(report)).isEqualTo(1);
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("MISMATCH").contains("checkpoint-mismatch");
    }

    /** Starts a verification, answers its finished state. */
    private JsonNode verify() throws InterruptedException {
        var started = http.post("/api/v1/audit/verifications", null);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        String location = started.header("Location");
        assertThat(location).startsWith("/api/v1/audit/verifications/");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = http.get(location).json();
            if (!run.path("state").asText().equals("RUNNING")) {
                assertThat(run.path("state").asText()).isIn("CLEAN", "DEFECTS_FOUND");
                assertThat(run.path("percent").asDouble()).isEqualTo(100.0);
                assertThat(run.path("result").path("recordsChecked").asLong()).isPositive();
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("verification did not finish");
    }

    /** The export of everything, verified offline against the checkpoints and the PEM key as files. */
    private JsonNode offline() throws Exception {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        offlineRun(report);
        List<JsonNode> defects = new ArrayList<>();
        for (String line : report.toString(StandardCharsets.UTF_8).lines().toList()) {
            if (line.startsWith("DEFECT ")) {
                String[] words = line.split(" ");
                var defect = JSON.createObjectNode().put("kind", words[1]);
                for (String word : words) {
                    if (word.startsWith("stream=")) {
                        defect.put("stream", word.substring(7));
                    }
                    if (word.startsWith("sequence=")) {
                        defect.put("sequence", Long.parseLong(word.substring(9)));
                    }
                }
                defects.add(defect);
            }
        }
        var result = JSON.createObjectNode();
        result.putObject("result").set("defects", JSON.valueToTree(defects));
        return result;
    }

    private int offlineRun(ByteArrayOutputStream report) throws Exception {
        Path export = files.resolve("events-" + System.nanoTime() + ".ndjson");
        Files.writeString(export, http.get("/api/v1/audit/events").raw().body());
        Path checkpoints = files.resolve("checkpoints.json");
        Files.writeString(
                checkpoints, http.get("/api/v1/audit/checkpoints").raw().body());
        Path key = files.resolve("key.pem");
        Files.writeString(
                key, http.get("/api/v1/audit/public-key?format=pem").raw().body());
        return OfflineVerifier.run(
                new String[] {
                    "--export", export.toString(),
                    "--checkpoint", checkpoints.toString(),
                    "--public-key", key.toString()
                },
                new PrintStream(report, true, StandardCharsets.UTF_8),
                new PrintStream(report, true, StandardCharsets.UTF_8));
    }

    /** "kind stream sequence" of each defect in these streams (other tests share the database). */
    private static Set<String> defectsIn(JsonNode run, Set<String> streams) {
        Set<String> found = new TreeSet<>();
        for (JsonNode defect : run.path("result").path("defects")) {
            String stream = defect.path("stream").asText(null);
            if (stream != null && streams.contains(stream)) {
                found.add(defect.path("kind").asText() + " " + stream + " "
                        + defect.path("sequence").asLong());
            }
        }
        return found;
    }

    /**
     * Appends a forged event at the end of the stream with a chain row whose hash is computed exactly
     * as the service would, but backdated an hour: the forger's only way to make it look old.
     */
    private void forgeEvent(String customer) {
        Map<String, Object> last = jdbc.queryForMap(
                "SELECT e.*, c.hash FROM domainevententry e JOIN event_chain c ON c.global_index = e.globalindex"
                        + " WHERE e.aggregateidentifier = ? AND e.sequencenumber = 3",
                customer);
        byte[] payload = new String((byte[]) last.get("payload"), StandardCharsets.UTF_8)
                .replace("\"call-3\"", "\"forged-call\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] metadata = (byte[]) last.get("metadata");
        String eventId = java.util.UUID.randomUUID().toString();
        String recordedAt = Instant.now().minus(Duration.ofHours(1)).toString();
        Long position = jdbc.queryForObject(
                "INSERT INTO domainevententry (eventidentifier, type, aggregateidentifier, sequencenumber, timestamp,"
                        + " payloadtype, payloadrevision, payload, metadata) VALUES (?, 'Customer', ?, 4, ?, ?, ?, ?, ?)"
                        + " RETURNING globalindex",
                Long.class,
                eventId,
                customer,
                recordedAt,
                last.get("payloadtype"),
                last.get("payloadrevision"),
                payload,
                metadata);
        EventHasher hasher = new EventHasher();
        byte[] previous = (byte[]) last.get("hash");
        byte[] hash = hasher.hash(
                eventId,
                "Customer",
                customer,
                4,
                recordedAt,
                (String) last.get("payloadtype"),
                (String) last.get("payloadrevision"),
                hasher.digest(payload),
                hasher.digest(metadata),
                previous);
        jdbc.update(
                "INSERT INTO event_chain (global_index, event_id, aggregate_id, seq, version, hash, prev_hash,"
                        + " payload_digest, metadata_digest) VALUES (?, ?, ?, 4, ?, ?, ?, ?, ?)",
                position,
                eventId,
                customer,
                EventHasher.VERSION,
                hash,
                previous,
                hasher.digest(payload),
                hasher.digest(metadata));
    }

    /** Changes an event's payload and recomputes its chain row and every later one of the stream. */
    private void rewriteConsistently(String customer) {
        jdbc.update(
                "UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                        + " '\"call-1\"', '\"call-X\"'), 'UTF8') WHERE aggregateidentifier = ? AND sequencenumber = 1",
                customer);
        EventHasher hasher = new EventHasher();
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT * FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber", customer);
        byte[] previous = null;
        for (Map<String, Object> row : rows) {
            byte[] payloadDigest = hasher.digest((byte[]) row.get("payload"));
            byte[] metadataDigest = hasher.digest((byte[]) row.get("metadata"));
            byte[] hash = hasher.hash(
                    (String) row.get("eventidentifier"),
                    (String) row.get("type"),
                    customer,
                    (Long) row.get("sequencenumber"),
                    (String) row.get("timestamp"),
                    (String) row.get("payloadtype"),
                    (String) row.get("payloadrevision"),
                    payloadDigest,
                    metadataDigest,
                    previous);
            jdbc.update(
                    "UPDATE event_chain SET hash = ?, prev_hash = ?, payload_digest = ?, metadata_digest = ?"
                            + " WHERE global_index = ?",
                    hash,
                    previous,
                    payloadDigest,
                    metadataDigest,
                    row.get("globalindex"));
            previous = hash;
        }
    }

    /** A customer registered with {@code calls} interactions ({@code call-1} …): sequences 0 to calls. */
    private String customerWithHistory(String rep, int calls) {
        String customer = unique("audit-cust");
        var registered = http.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Audit Ltd\"}}"
                        .formatted(customer, rep));
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
        for (int i = 1; i <= calls; i++) {
            var recorded = http.post("/api/v1/customers/" + customer + "/interactions", interaction(rep, "call-" + i));
            assertThat(recorded.status()).as(recorded.raw().body()).isEqualTo(201);
        }
        return customer;
    }

    private static String interaction(String rep, String id) {
        return "{\"interactionId\":\"%s\",\"repId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"OUTBOUND\",\"summary\":\"call\"}"
                .formatted(id, rep);
    }

    private static List<JsonNode> ndjson(String body) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.lines().collect(Collectors.toList())) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
