package com.customertimeline.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.audit.chain.EventChain;
import com.customertimeline.audit.verifier.OfflineVerifier;
import com.customertimeline.privacy.migration.SealingLegacyEvents;
import com.customertimeline.privacy.serialization.PersonalTexts;
import com.customertimeline.support.Http;
import com.customertimeline.support.RunningService;
import com.customertimeline.support.TestCallers;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder written before personal data was encrypted: its customers' personal texts are plaintext
 * in the event store, chained and sealed by a signed checkpoint. At the next start they are encrypted in
 * place, every read shows what it showed before, the chain and the checkpoint still verify (each
 * rewritten event with its signed re-seal record), and the customer can then be erased like any other.
 */
class SealingLegacyEventsIT {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @TempDir
    Path dataDir;

    @Test
    void eventsStoredBeforeEncryptionAreEncryptedInPlaceAndTheirCustomerCanThenBeErased() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String legacy = "legacy-" + run;
        String modern = "modern-" + run;
        List<String> legacyTexts =
                List.of("Wang Fang " + run, "wang.fang." + run + "@example.cn", "jade tea set " + run);
        List<String> modernTexts = List.of("Chen Jie " + run, "chen.jie." + run + "@example.cn", "oak bookcase " + run);
        // small batches, so the sealing takes several transactions
        Map<String, Object> settings =
                Map.of("timeline.data-dir", dataDir.toString(), "timeline.privacy.sealing-batch", "3");
        int legacyEvents;
        try (RunningService service = RunningService.start(settings)) {
            Http app = service.http();
            assertThat(app.post(
                                    "/api/v1/reps",
                                    "{\"repId\":\"rep-" + run + "\",\"displayName\":\"Rep\",\"team\":\"t\"}")
                            .status())
                    .isEqualTo(201);
            record(app, legacy, legacyTexts, run);
            record(app, modern, modernTexts, run);

            DataSource dataSource = service.bean(DataSource.class);
            legacyEvents = storeAsAnEarlierVersionDid(dataSource, service.bean(PersonalTexts.class), legacy);
            assertThat(legacyEvents)
                    .as("registration, interaction, card change, complaint")
                    .isEqualTo(4);
            assertThat(eventsContaining(dataSource, legacyTexts))
                    .as("name and e-mail in the registration, the phrase in the interaction and the complaint")
                    .hasSize(4);
            assertThat(app.post("/api/v1/audit/checkpoints", null).status()).isEqualTo(201);
            assertThat(verify(app).path("state").asText())
                    .as("the legacy history as chained and checkpointed")
                    .isEqualTo("CLEAN");
            Http.Response refused = TestCallers.admin(service.anonymous())
                    .post("/api/v1/customers/" + legacy + "/erasure", "{\"reason\":\"request 12\"}");
            assertThat(refused.status()).isEqualTo(409);
        }

        try (RunningService service = RunningService.start(settings)) {
            Http app = service.http();
            SealingLegacyEvents sealing = service.bean(SealingLegacyEvents.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!sealing.progress().finished() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sealing.progress().finished()).isTrue();
            assertThat(sealing.progress().sealed()).isEqualTo(legacyEvents);

            DataSource dataSource = service.bean(DataSource.class);
            assertThat(eventsContaining(dataSource, legacyTexts))
                    .as("no stored event holds them")
                    .isEmpty();
            assertThat(countOf(dataSource, "SELECT count(*) FROM event_reseal")).isEqualTo(legacyEvents);
            JsonNode summary = app.get("/api/v1/customers/" + legacy).json();
            assertThat(summary.path("card").path("name").asText()).isEqualTo(legacyTexts.get(0));
            assertThat(TestCallers.admin(service.anonymous())
                            .get("/api/v1/customers/" + legacy + "/personal-data")
                            .raw()
                            .body())
                    .as("the subject's export reads them as before")
                    .contains(legacyTexts);
            JsonNode verified = verify(app);
            assertThat(verified.path("state").asText())
                    .as("chain and checkpoint verify with the re-seal records: " + verified)
                    .isEqualTo("CLEAN");
            assertThat(verified.path("result").path("resealed").asLong()).isEqualTo(legacyEvents);
            String offline = offlineVerification(app);
            assertThat(offline)
                    .as("the export, the checkpoints and the public key, verified away from the service")
                    .contains(
                            "RESULT: clean",
                            "re-sealed (payload replaced under a signed re-seal record): " + legacyEvents);

            Http.Response erased = TestCallers.admin(service.anonymous())
                    .post("/api/v1/customers/" + legacy + "/erasure", "{\"reason\":\"request 12\"}");
            assertThat(erased.status()).as(erased.raw().body()).isEqualTo(200);
            assertThat(ErasureIT.tablesContaining(dataSource, legacyTexts))
                    .as("every table, once the legacy customer is erased")
                    .isEmpty();
            MongoClient readModels = service.bean(MongoClient.class);
            assertThat(ErasureIT.collectionsContaining(readModels, legacyTexts)).isEmpty();
            assertThat(ErasureIT.collectionsContaining(readModels, modernTexts))
                    .as("the search finds the other customer's texts where they are readable")
                    .isNotEmpty();
            assertThat(verify(app).path("state").asText()).isEqualTo("CLEAN");
        }

        assertThat(ErasureIT.foundIn(dataDir, legacyTexts))
                .as("no file of the data folder holds them (the replaced rows were vacuumed away)")
                .isEmpty();

        try (RunningService service = RunningService.start(settings)) {
            SealingLegacyEvents sealing = service.bean(SealingLegacyEvents.class);
            assertThat(sealing.run()).as("a later start seals nothing again").isZero();
        }
    }

    private static void record(Http app, String customer, List<String> texts, String run) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String rep = "rep-" + run;
        ok(app.post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","occurredAt":"%s",
                 "card":{"name":"%s","contacts":[{"type":"EMAIL","value":"%s"}]}}"""
                        .formatted(customer, rep, now.minus(Duration.ofDays(10)), texts.get(0), texts.get(1))));
        ok(app.post(
                "/api/v1/customers/" + customer + "/interactions",
                """
                {"interactionId":"i-1","channel":"PHONE","direction":"INBOUND","repId":"%s","summary":"asked about a %s",
                 "satisfaction":5,"occurredAt":"%s","followUp":{"dueAt":"%s","description":"send the %s price"}}"""
                        .formatted(
                                rep,
                                texts.get(2),
                                now.minus(Duration.ofDays(2)),
                                now.plus(Duration.ofDays(3)),
                                texts.get(2))));
        ok(app.patch(
                "/api/v1/customers/" + customer + "/card",
                "{\"position\":\"Owner\",\"updatedByRepId\":\"%s\"}".formatted(rep)));
        ok(app.post(
                "/api/v1/customers/" + customer + "/purchases",
                """
                {"orderId":"o-1","repId":"%s","lineItems":[{"sku":"TEA-1","quantity":1,"unitPrice":{"amount":"388.50","currency":"CNY"}}]}"""
                        .formatted(rep)));
        ok(app.post(
                "/api/v1/customers/" + customer + "/complaints",
                """
                {"complaintId":"c-1","channel":"EMAIL","severity":"LOW","category":"DELIVERY","description":"the %s came late"}"""
                        .formatted(texts.get(2))));
    }

    private static void ok(Http.Response response) {
        assertThat(response.status()).as(response.raw().body()).isBetween(200, 201);
    }

    /**
     * Puts the customer's events as a version without encryption stored them: every sealed text opened
     * into plaintext, the customer without a key, the chain computed over the plaintext (as the chain
     * backfill did), no snapshot, and no record of a sealing run. Returns the events changed.
     */
    private static int storeAsAnEarlierVersionDid(DataSource dataSource, PersonalTexts texts, String customer)
            throws Exception {
        int changed = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT globalindex, payload FROM domainevententry WHERE aggregateidentifier = ?")) {
                select.setString(1, customer);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getBytes(2)});
                    }
                }
            }
            for (Object[] row : rows) {
                JsonNode tree = JSON.readTree((byte[]) row[1]);
                if (open(tree, texts)) {
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE domainevententry SET payload = ? WHERE globalindex = ?")) {
                        update.setBytes(1, JSON.writeValueAsBytes(tree));
                        update.setLong(2, (Long) row[0]);
                        update.executeUpdate();
                    }
                    changed++;
                }
            }
            for (String sql : List.of(
                    "DELETE FROM event_chain WHERE aggregate_id = ?",
                    "DELETE FROM snapshotevententry WHERE aggregateidentifier = ?",
                    "DELETE FROM customer_data_key WHERE customer_id = ?")) {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setString(1, customer);
                    delete.executeUpdate();
                }
            }
            EventChain.chainStreams(connection, List.of(customer), null);
            connection.createStatement().executeUpdate("DROP TABLE personal_data_sealing");
            connection.commit();
        }
        return changed;
    }

    private static boolean open(JsonNode node, PersonalTexts texts) {
        boolean opened = false;
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = object.get(name);
                if (value.isTextual() && PersonalTexts.isSealed(value.textValue())) {
                    object.put(name, texts.decrypt(value.textValue()));
                    opened = true;
                } else {
                    opened |= open(value, texts);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (Iterator<JsonNode> elements = array.elements(); elements.hasNext(); ) {
                opened |= open(elements.next(), texts);
            }
        }
        return opened;
    }

    private static List<Long> eventsContaining(DataSource dataSource, List<String> texts) throws Exception {
        List<Long> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (String text : texts) {
                try (PreparedStatement query = connection.prepareStatement("SELECT globalindex FROM domainevententry"
                        + " WHERE position(convert_to(?, 'UTF8') in payload) > 0")) {
                    query.setString(1, text);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getLong(1));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static long countOf(DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String offlineVerification(Http app) throws Exception {
        Path export = dataDir.resolveSibling(dataDir.getFileName() + "-events.ndjson");
        Files.writeString(export, app.get("/api/v1/audit/events").raw().body());
        Path checkpoints = dataDir.resolveSibling(dataDir.getFileName() + "-checkpoints.json");
        Files.writeString(
                checkpoints, app.get("/api/v1/audit/checkpoints").raw().body());
        Path key = dataDir.resolveSibling(dataDir.getFileName() + "-key.pem");
        Files.writeString(
                key, app.get("/api/v1/audit/public-key?format=pem").raw().body());
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        try {
            OfflineVerifier.run(
                    new String[] {
                        "--export", export.toString(),
                        "--checkpoint", checkpoints.toString(),
                        "--public-key", key.toString()
                    },
                    new PrintStream(report, true, StandardCharsets.UTF_8),
                    new PrintStream(report, true, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(export);
            Files.deleteIfExists(checkpoints);
            Files.deleteIfExists(key);
        }
        return report.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode verify(Http app) throws InterruptedException {
        Http.Response started = app.post("/api/v1/audit/verifications", null);
        assertThat(started.status()).isEqualTo(202);
        return ErasureIT.awaitVerification(app, started.header("Location"));
    }
}
