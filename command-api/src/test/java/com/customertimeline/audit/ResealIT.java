package com.customertimeline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.customertimeline.audit.reseal.ResealLedger;
import com.customertimeline.audit.verifier.EventHasher;
import com.customertimeline.audit.verifier.Keys;
import com.customertimeline.audit.verifier.OfflineVerifier;
import com.customertimeline.audit.verifier.Reseal;
import com.customertimeline.support.EmbeddedPostgresSupport;
import com.customertimeline.support.FormSession;
import com.customertimeline.support.Http;
import com.customertimeline.support.Reps;
import com.customertimeline.support.RunningService;
import com.customertimeline.support.TestCallers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payload the service replaces in place (personal texts encrypted, ADR 0017) verifies, online and
 * offline, only under its signed re-seal record written in the same transaction: with one, the chain
 * and the checkpoint stay intact and the event is counted as re-sealed; the same change without a
 * record, or under a record whose signature was altered, is a changed payload at its stream and
 * sequence. A database of its own, so the whole store's verdict and count are this test's alone.
 */
class ResealIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final String REASON = "personal texts stored before encryption, encrypted in place (test)";

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private final EventHasher hasher = new EventHasher();

    /** An event's payload before and after a replacement. */
    private record Replaced(String eventId, long position, byte[] before, byte[] after) {}

    /** What else the replacing transaction writes besides the new payload. */
    @FunctionalInterface
    private interface AlsoInTransaction {
        void run(Connection connection, Replaced replaced) throws Exception;
    }

    @Test
    void aPayloadReplacedUnderASignedResealVerifiesAndWithoutAValidOneIsAChangedPayload() throws Exception {
        Map<String, Object> storage = EmbeddedPostgresSupport.ownStorage("resealed", dataDir);
        try (RunningService service = RunningService.start(storage)) {
            Http app = service.http();
            String run = UUID.randomUUID().toString().substring(0, 8);
            String rep = "reseal-rep-" + run;
            Reps.register(app, rep, rep, "north");
            String resealed = customer(app, "resealed-" + run, rep);
            String unrecorded = customer(app, "unrecorded-" + run, rep);
            String forged = customer(app, "forged-" + run, rep);
            Http auditor = auditor(service);
            assertThat(auditor.post("/api/v1/audit/checkpoints", null).status()).isEqualTo(201);
            JsonNode untouched = verify(auditor);
            assertThat(untouched.path("state").asText())
                    .as(untouched.toString())
                    .isEqualTo("CLEAN");
            assertThat(untouched.path("result").path("resealed").asLong()).isZero();

            DataSource dataSource = service.bean(DataSource.class);
            ResealLedger ledger = service.bean(ResealLedger.class);
            Instant at = Instant.parse("2026-12-05T10:15:30.123456789Z");
            Replaced sealed = replaceChannel(
                    dataSource, resealed, (connection, replaced) -> record(ledger, connection, replaced, at));
            assertThat(storedPayload(dataSource, resealed)).isEqualTo(sealed.after());

            Map<String, Object> row = row(dataSource, sealed.eventId());
            assertThat(row.get("global_index")).isEqualTo(sealed.position());
            assertThat(row.get("old_payload_digest")).isEqualTo(HEX.formatHex(hasher.digest(sealed.before())));
            assertThat(row.get("new_payload_digest")).isEqualTo(HEX.formatHex(hasher.digest(sealed.after())));
            assertThat(Instant.parse((String) row.get("resealed_at")))
                    .as("the instant signed, to the nanosecond")
                    .isEqualTo(at);
            assertThat(row.get("reason")).isEqualTo(REASON);

            JsonNode online = verify(auditor);
            assertThat(online.path("state").asText()).as(online.toString()).isEqualTo("CLEAN");
            assertThat(online.path("result").path("resealed").asLong()).isEqualTo(1);
            assertThat(online.path("result").path("checkpoints").findValuesAsText("intact"))
                    .isNotEmpty()
                    .containsOnly("true");
            assertThat(integrityPage(service, run))
                    .contains("id=\"latest-resealed\"")
                    .contains("1 event was re-sealed");

            PublicKey key = Keys.fromPem(
                    auditor.get("/api/v1/audit/public-key?format=pem").raw().body());
            List<JsonNode> lines = ndjson(auditor.get("/api/v1/audit/events?customerId=" + resealed)
                    .raw()
                    .body());
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0).has("reseal"))
                    .as("the registration was not replaced")
                    .isFalse();
            JsonNode line = lines.get(1);
            assertThat(line.path("eventId").asText()).isEqualTo(sealed.eventId());
            assertThat(line.path("payload").path("channel").asText()).isEqualTo("EMAIL");
            JsonNode carried = line.path("reseal");
            assertThat(carried.path("oldPayloadDigest").asText())
                    .isEqualTo(HEX.formatHex(hasher.digest(sealed.before())))
                    .isEqualTo(line.path("payloadDigest").asText());
            assertThat(carried.path("newPayloadDigest").asText())
                    .isEqualTo(HEX.formatHex(hasher.digest(sealed.after())));
            assertThat(carried.path("resealedAt").asText()).isEqualTo(at.toString());
            assertThat(carried.path("reason").asText()).isEqualTo(REASON);
            Reseal exported = new Reseal(
                    sealed.eventId(),
                    HEX.parseHex(carried.path("oldPayloadDigest").asText()),
                    HEX.parseHex(carried.path("newPayloadDigest").asText()),
                    carried.path("resealedAt").asText(),
                    carried.path("reason").asText(),
                    Base64.getDecoder().decode(carried.path("signature").asText()));
            assertThat(exported.signedBy(key))
                    .as("signed with the service's published key")
                    .isTrue();

            ByteArrayOutputStream clean = new ByteArrayOutputStream();
            assertThat(offline(auditor, clean))
                    .as(clean.toString(StandardCharsets.UTF_8))
                    .isZero();
            assertThat(clean.toString(StandardCharsets.UTF_8))
                    .contains("re-sealed (payload replaced under a signed re-seal record): 1")
                    .contains("RESULT: clean");

            // the same replacement recorded again (a re-run) changes nothing
            inTransaction(dataSource, connection -> record(ledger, connection, sealed, at.plusSeconds(60)));
            assertThat(row(dataSource, sealed.eventId())).isEqualTo(row);
            // another replacement of an event already re-sealed is refused, and its payload stays as recorded
            assertThatThrownBy(() -> replaceChannel(
                            dataSource,
                            resealed,
                            "\"channel\":\"EMAIL\"",
                            "\"channel\":\"VISIT\"",
                            (connection, replaced) -> record(ledger, connection, replaced, at.plusSeconds(120))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already re-sealed");
            assertThat(storedPayload(dataSource, resealed)).isEqualTo(sealed.after());
            assertThat(row(dataSource, sealed.eventId())).isEqualTo(row);

            replaceChannel(dataSource, unrecorded, (connection, replaced) -> {});
            Replaced altered = replaceChannel(dataSource, forged, (connection, replaced) -> {
                record(ledger, connection, replaced, at);
                try (PreparedStatement flip = connection.prepareStatement("UPDATE " + ResealLedger.TABLE
                        + " SET signature = set_byte(signature, 0, get_byte(signature, 0) # 1) WHERE event_id = ?")) {
                    flip.setString(1, replaced.eventId());
                    assertThat(flip.executeUpdate()).isEqualTo(1);
                }
            });
            assertThat(storedPayload(dataSource, forged)).isEqualTo(altered.after());

            Set<String> expected = Set.of("payload-changed " + unrecorded + " 1", "payload-changed " + forged + " 1");
            JsonNode tampered = verify(auditor);
            assertThat(tampered.path("state").asText()).isEqualTo("DEFECTS_FOUND");
            assertThat(defects(tampered)).isEqualTo(expected);
            assertThat(detailOf(tampered, unrecorded)).isEqualTo("the stored payload is not the one that was appended");
            assertThat(detailOf(tampered, forged)).contains("not signed by the service key");
            assertThat(tampered.path("result").path("resealed").asLong()).isEqualTo(1);
            assertThat(tampered.path("result").path("checkpoints").findValuesAsText("intact"))
                    .containsOnly("true");

            ByteArrayOutputStream report = new ByteArrayOutputStream();
            assertThat(offline(auditor, report)).isEqualTo(1);
            List<String> defectLines = report.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.startsWith("DEFECT "))
                    .toList();
            assertThat(defectLines)
                    .hasSize(2)
                    .anySatisfy(l ->
                            assertThat(l).startsWith("DEFECT payload-changed stream=" + unrecorded + " sequence=1 "))
                    .anySatisfy(l -> assertThat(l)
                            .startsWith("DEFECT payload-changed stream=" + forged + " sequence=1 ")
                            .contains("not signed by the service key"));
            assertThat(report.toString(StandardCharsets.UTF_8))
                    .contains("re-sealed (payload replaced under a signed re-seal record): 1")
                    .contains("RESULT: 2 defect(s)");
        }
    }

    private static String customer(Http app, String customer, String rep) {
        Http.Response registered = app.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Reseal Ltd\"}}"
                        .formatted(customer, rep));
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
        Http.Response interaction = app.post(
                "/api/v1/customers/" + customer + "/interactions",
                "{\"repId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"OUTBOUND\",\"summary\":\"call\"}"
                        .formatted(rep));
        assertThat(interaction.status()).as(interaction.raw().body()).isEqualTo(201);
        return customer;
    }

    /** A client with the AUDITOR role only. */
    private static Http auditor(RunningService service) {
        String id = "reseal-auditor-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = TestCallers.client(service.anonymous(), id, "AUDITOR");
        return service.anonymous().withBearer(TestCallers.token(service.anonymous(), id, secret));
    }

    private Replaced replaceChannel(DataSource dataSource, String customer, AlsoInTransaction also) throws Exception {
        return replaceChannel(dataSource, customer, "\"channel\":\"PHONE\"", "\"channel\":\"EMAIL\"", also);
    }

    /**
     * Replaces a text in the customer's event at sequence 1 with SQL, as the service's own migration
     * does, and runs {@code also} in the same transaction; nothing is committed if either fails.
     */
    private Replaced replaceChannel(
            DataSource dataSource, String customer, String from, String to, AlsoInTransaction also) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String eventId;
                long position;
                byte[] before;
                try (PreparedStatement select =
                        connection.prepareStatement("SELECT eventidentifier, globalindex, payload FROM domainevententry"
                                + " WHERE aggregateidentifier = ? AND sequencenumber = 1")) {
                    select.setString(1, customer);
                    try (ResultSet rs = select.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        eventId = rs.getString(1);
                        position = rs.getLong(2);
                        before = rs.getBytes(3);
                    }
                }
                String text = new String(before, StandardCharsets.UTF_8);
                assertThat(text).contains(from);
                byte[] after = text.replace(from, to).getBytes(StandardCharsets.UTF_8);
                try (PreparedStatement update =
                        connection.prepareStatement("UPDATE domainevententry SET payload = ? WHERE globalindex = ?")) {
                    update.setBytes(1, after);
                    update.setLong(2, position);
                    assertThat(update.executeUpdate()).isEqualTo(1);
                }
                Replaced replaced = new Replaced(eventId, position, before, after);
                also.run(connection, replaced);
                connection.commit();
                return replaced;
            } catch (Exception | AssertionError e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection connection) throws Exception;
    }

    /** Records the replacement with the ledger as the migration does, with this test's reason. */
    private static void record(ResealLedger ledger, Connection connection, Replaced replaced, Instant at)
            throws SQLException {
        ledger.record(
                connection, replaced.eventId(), replaced.position(), replaced.before(), replaced.after(), at, REASON);
    }

    private static void inTransaction(DataSource dataSource, Work work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static byte[] storedPayload(DataSource dataSource, String customer) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT payload FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1")) {
            select.setString(1, customer);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    /** The event's re-seal row, its byte columns as hex so that rows compare by value. */
    private static Map<String, Object> row(DataSource dataSource, String eventId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT global_index, old_payload_digest,"
                        + " new_payload_digest, resealed_at, reason, signature, recorded_at FROM "
                        + ResealLedger.TABLE + " WHERE event_id = ?")) {
            select.setString(1, eventId);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).as("a re-seal row for " + eventId).isTrue();
                return Map.of(
                        "global_index", rs.getLong(1),
                        "old_payload_digest", HEX.formatHex(rs.getBytes(2)),
                        "new_payload_digest", HEX.formatHex(rs.getBytes(3)),
                        "resealed_at", rs.getString(4),
                        "reason", rs.getString(5),
                        "signature", HEX.formatHex(rs.getBytes(6)),
                        "recorded_at", rs.getTimestamp(7).toInstant());
            }
        }
    }

    /** The auditor's integrity page in the workspace, signed in with a password as a person would. */
    private static String integrityPage(RunningService service, String run) {
        String account = "reseal-aud-" + run;
        String password = "a-long-auditor-password";
        TestCallers.person(service.anonymous(), account, password, null, null, "AUDITOR");
        FormSession session = new FormSession(service.port());
        assertThat(session.signIn(account, password).status()).isEqualTo(302);
        FormSession.Page page = session.get("/workspace/audit/integrity");
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }

    /** Starts a verification and answers it once finished. */
    private static JsonNode verify(Http auditor) throws InterruptedException {
        Http.Response started = auditor.post("/api/v1/audit/verifications", null);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        String location = started.header("Location");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = auditor.get(location).json();
            if (!run.path("state").asText().equals("RUNNING")) {
                assertThat(run.path("state").asText()).isIn("CLEAN", "DEFECTS_FOUND");
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the verification did not finish");
    }

    /** Exports everything and runs the offline verifier on it with the checkpoints and the PEM key. */
    private int offline(Http auditor, ByteArrayOutputStream report) throws Exception {
        Path export = files.resolve("events-" + System.nanoTime() + ".ndjson");
        Files.writeString(export, auditor.get("/api/v1/audit/events").raw().body());
        Path checkpoints = files.resolve("checkpoints.json");
        Files.writeString(
                checkpoints, auditor.get("/api/v1/audit/checkpoints").raw().body());
        Path key = files.resolve("key.pem");
        Files.writeString(
                key, auditor.get("/api/v1/audit/public-key?format=pem").raw().body());
        PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);
        return OfflineVerifier.run(
                new String[] {
                    "--export", export.toString(),
                    "--checkpoint", checkpoints.toString(),
                    "--public-key", key.toString()
                },
                out,
                out);
    }

    private static Set<String> defects(JsonNode run) {
        Set<String> found = new TreeSet<>();
        for (JsonNode defect : run.path("result").path("defects")) {
            found.add(defect.path("kind").asText() + " " + defect.path("stream").asText() + " "
                    + defect.path("sequence").asLong());
        }
        return found;
    }

    private static String detailOf(JsonNode run, String stream) {
        for (JsonNode defect : run.path("result").path("defects")) {
            if (defect.path("stream").asText().equals(stream)) {
                return defect.path("detail").asText();
            }
        }
        throw new AssertionError("no defect in " + stream);
    }

    private static List<JsonNode> ndjson(String body) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.lines().toList()) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
