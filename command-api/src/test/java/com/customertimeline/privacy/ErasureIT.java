package com.customertimeline.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.FormSession;
import com.customertimeline.support.Http;
import com.customertimeline.support.RunningService;
import com.customertimeline.support.TestCallers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure on the true embedded default (its own PostgreSQL, the projection file, the master key file, all
 * under one data folder): after erasing a customer whose history touches every kind of event, none of
 * their personal texts is anywhere in the folder, in any table or in any read-model collection, while
 * another customer's still are; every non-personal fact is unchanged, after a full replay and after a
 * restart too; and the audit chain still verifies.
 */
class ErasureIT {

    private static final String PASSWORD = "a-long-enough-password";

    @TempDir
    Path dataDir;

    @Test
    void anErasedCustomerLeavesNoReadableTraceAndKeepsEveryOtherFact() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Person erased = new Person(
                "erased-" + run,
                "Zhang Weiming " + run,
                "weiming." + run + "@example.cn",
                "+86 138 0013 " + run,
                "promised a walnut desk for the Pudong office " + run);
        Person kept = new Person(
                "kept-" + run,
                "Li Na " + run,
                "li.na." + run + "@example.cn",
                "+86 139 0099 " + run,
                "asked about the rosewood cabinet for Hangzhou " + run);
        Map<String, Object> settings = Map.of(
                "timeline.data-dir",
                dataDir.toString(),
                // snapshots after a few events, so the erased customer has some to clean
                "timeline.snapshot-threshold",
                "3");
        try (RunningService service = RunningService.start(settings)) {
            Http app = service.http();
            app.post("/api/v1/reps", "{\"repId\":\"owner-" + run + "\",\"displayName\":\"Owner\",\"team\":\"east\"}");
            app.post("/api/v1/reps", "{\"repId\":\"heir-" + run + "\",\"displayName\":\"Heir\",\"team\":\"east\"}");
            long erasedVersion = recordEverything(app, erased, run);
            long keptVersion = recordEverything(app, kept, run);
            JsonNode factsBefore = facts(app, erased.id(), erasedVersion);
            facts(app, kept.id(), keptVersion);
            // an as-of read leaves a copy of the past in the projection store; it must go too
            assertThat(app.get("/api/v1/customers/" + erased.id() + "?asOf=" + Instant.now())
                            .status())
                    .isEqualTo(200);
            Thread.sleep(2_500); // the projection file is written about once a second

            assertThat(foundIn(dataDir, erased.texts()))
                    .as("the search finds the customer's texts before the erasure (in the read models)")
                    .isNotEmpty();

            Http admin = TestCallers.admin(service.anonymous());
            Http.Response withoutReason = admin.post("/api/v1/customers/" + erased.id() + "/erasure", "{}");
            assertThat(withoutReason.status())
                    .as("a reason is required: " + withoutReason.raw().body())
                    .isEqualTo(422);
            assertThat(withoutReason.json().path("code").asText()).isEqualTo("missing-value");
            assertThat(withoutReason.json().path("field").asText()).isEqualTo("reason");
            assertThat(admin.post("/api/v1/customers/nobody-" + run + "/erasure", "{\"reason\":\"x\"}")
                            .status())
                    .isEqualTo(404);
            TestCallers.person(service.anonymous(), "rep-" + run, PASSWORD, "owner-" + run, "east", "REP");
            Http rep = service.anonymous().withBearer(TestCallers.token(service.anonymous(), "rep-" + run, PASSWORD));
            assertThat(rep.post("/api/v1/customers/" + erased.id() + "/erasure", "{\"reason\":\"x\"}")
                            .status())
                    .isEqualTo(403);

            Http.Response done = admin.post(
                    "/api/v1/customers/" + erased.id() + "/erasure", "{\"reason\":\"PIPL art. 47 request 2026-118\"}");
            assertThat(done.status()).as(done.raw().body()).isEqualTo(200);
            long afterErasure = done.json().path("version").asLong();
            assertThat(afterErasure).isEqualTo(erasedVersion + 1);
            Http.Response again = admin.post(
                    "/api/v1/customers/" + erased.id() + "/erasure", "{\"reason\":\"PIPL art. 47 request 2026-118\"}");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("version").asLong())
                    .as("nothing recorded twice")
                    .isEqualTo(afterErasure);

            JsonNode summary = app.get("/api/v1/customers/" + erased.id() + "?minVersion=" + afterErasure)
                    .json();
            assertThat(summary.path("card").path("name").asText())
                    .as(summary.toString())
                    .isEqualTo("[personal data erased]");
            JsonNode zh = app.send("GET", "/api/v1/customers/" + erased.id(), null, Map.of("Accept-Language", "zh-CN"))
                    .json();
            assertThat(zh.path("card").path("name").asText()).isEqualTo("[个人数据已删除]");
            assertThat(facts(app, erased.id(), afterErasure)).isEqualTo(factsBefore);
            JsonNode newest = app.get("/api/v1/customers/" + erased.id() + "/timeline?limit=1")
                    .json()
                    .path("entries")
                    .get(0);
            assertThat(newest.path("kind").asText()).isEqualTo("PERSONAL_DATA_ERASED");
            assertThat(newest.path("detail").path("reason").asText()).isEqualTo("PIPL art. 47 request 2026-118");

            Http.Response refused = app.post(
                    "/api/v1/customers/" + erased.id() + "/interactions",
                    interaction("owner-" + run, "after-erasure", Instant.now(), "anything"));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().path("code").asText()).isEqualTo("customer-erased");

            Http.Response export = admin.get("/api/v1/customers/" + kept.id() + "/personal-data");
            assertThat(export.status()).isEqualTo(200);
            assertThat(export.raw().body()).contains(kept.name(), kept.email(), kept.phrase());
            Http.Response erasedExport = admin.get("/api/v1/customers/" + erased.id() + "/personal-data");
            assertThat(erasedExport.raw().body())
                    .contains("[personal data erased]", "CustomerPersonalDataErased", "PURCHASE".toLowerCase())
                    .doesNotContain(erased.name(), erased.email(), erased.phone(), erased.phrase());
            assertThat(app.get("/api/v1/audit/reads?customerId=" + kept.id())
                            .raw()
                            .body())
                    .contains("personal-data-export");

            TestCallers.person(service.anonymous(), "aud-" + run, PASSWORD, null, null, "AUDITOR");
            FormSession auditor = new FormSession(service.port());
            auditor.signIn("aud-" + run, PASSWORD);
            FormSession.Page page = auditor.get("/workspace/customers/" + erased.id());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains(
                            "[personal data erased]",
                            "id=\"erased-banner\"",
                            "The personal data of this customer was erased on")
                    .doesNotContain("\uE000");

            assertThat(tablesContaining(service.bean(DataSource.class), erased.texts()))
                    .as("event store, snapshots, tokens, idempotency keys, every table")
                    .isEmpty();
            assertThat(collectionsContaining(service.bean(MongoClient.class), erased.texts()))
                    .isEmpty();
            assertThat(collectionsContaining(service.bean(MongoClient.class), kept.texts()))
                    .isNotEmpty();

            replayAll(app);
            assertThat(facts(app, erased.id(), afterErasure))
                    .as("after a full replay")
                    .isEqualTo(factsBefore);
            assertThat(app.get("/api/v1/customers/" + erased.id())
                            .json()
                            .path("card")
                            .path("name")
                            .asText())
                    .isEqualTo("[personal data erased]");
            assertThat(app.get("/api/v1/customers/" + kept.id())
                            .json()
                            .path("card")
                            .path("name")
                            .asText())
                    .isEqualTo(kept.name());

            Http.Response verification = app.post("/api/v1/audit/verifications", null);
            assertThat(verification.status()).isEqualTo(202);
            assertThat(awaitVerification(app, verification.header("Location"))
                            .path("state")
                            .asText())
                    .isEqualTo("CLEAN");
        }

        assertThat(foundIn(dataDir, erased.texts()))
                .as("no file of the data folder holds the erased customer's texts")
                .isEmpty();
        assertThat(foundIn(dataDir, kept.texts()))
                .as("the other customer's texts are still there (the search would find them)")
                .isNotEmpty();

        try (RunningService restarted = RunningService.start(settings)) {
            Http app = restarted.http();
            JsonNode summary = app.get("/api/v1/customers/" + erased.id()).json();
            assertThat(summary.path("card").path("name").asText()).isEqualTo("[personal data erased]");
            assertThat(app.get("/api/v1/customers/" + kept.id())
                            .json()
                            .path("card")
                            .path("name")
                            .asText())
                    .isEqualTo(kept.name());
        }
    }

    /** One customer's history through every kind of customer event; returns the last version. */
    private static long recordEverything(Http app, Person person, String run) {
        String owner = "owner-" + run;
        String heir = "heir-" + run;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String base = "/api/v1/customers/" + person.id();
        ok(app.post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","occurredAt":"%s",
                 "card":{"name":"%s","company":"%s Trading","position":"Buyer",
                         "addresses":[{"label":"office","street":"88 Century Avenue %s","city":"Shanghai","country":"CN"}],
                         "contacts":[{"type":"EMAIL","value":"%s"},{"type":"PHONE","value":"%s"}]}}"""
                        .formatted(
                                person.id(),
                                owner,
                                now.minus(Duration.ofDays(40)),
                                person.name(),
                                person.name(),
                                person.id(),
                                person.email(),
                                person.phone())));
        ok(app.post(
                base + "/interactions",
                interaction(owner, "call-1", now.minus(Duration.ofDays(30)), person.phrase())
                        .replace(
                                "}",
                                ",\"followUp\":{\"dueAt\":\"%s\",\"description\":\"Call %s back\"}}"
                                        .formatted(now.minus(Duration.ofDays(20)), person.name()))));
        ok(app.post(
                base + "/follow-ups/call-1/completion",
                "{\"repId\":\"%s\",\"note\":\"Reached %s\",\"occurredAt\":\"%s\"}"
                        .formatted(owner, person.name(), now.minus(Duration.ofDays(19)))));
        ok(app.post(
                base + "/purchases",
                """
                {"orderId":"o-1","repId":"%s","occurredAt":"%s",
                 "lineItems":[{"sku":"DESK-1","quantity":2,"unitPrice":{"amount":"1250.00","currency":"CNY"}}]}"""
                        .formatted(owner, now.minus(Duration.ofDays(18)))));
        ok(app.post(
                base + "/complaints",
                """
                {"complaintId":"c-1","channel":"EMAIL","category":"DELIVERY","severity":"HIGH",
                 "description":"%s says the desk arrived scratched","occurredAt":"%s"}"""
                        .formatted(person.name(), now.minus(Duration.ofDays(10)))));
        ok(app.post(
                base + "/complaints/c-1/responses",
                "{\"repId\":\"%s\",\"message\":\"Dear %s, a new one is on its way\",\"occurredAt\":\"%s\"}"
                        .formatted(owner, person.name(), now.minus(Duration.ofDays(9)))));
        ok(app.post(
                base + "/complaints/c-1/resolution",
                "{\"repId\":\"%s\",\"resolution\":\"Replaced for %s\",\"satisfaction\":4,\"occurredAt\":\"%s\"}"
                        .formatted(owner, person.name(), now.minus(Duration.ofDays(8)))));
        ok(app.patch(
                base + "/card",
                "{\"position\":\"Head of Purchasing\",\"updatedByRepId\":\"%s\",\"occurredAt\":\"%s\"}"
                        .formatted(owner, now.minus(Duration.ofDays(7)))));
        ok(app.put(
                base + "/owner",
                """
                {"toRepId":"%s","reason":"TEAM_CHANGE","handoverNote":"%s prefers calls after 6pm","occurredAt":"%s"}"""
                        .formatted(heir, person.name(), now.minus(Duration.ofDays(5)))));
        return ok(app.post(base + "/handover/acknowledgement", "{\"repId\":\"%s\"}".formatted(heir)));
    }

    private static String interaction(String rep, String id, Instant at, String summary) {
        return """
                {"interactionId":"%s","channel":"PHONE","direction":"INBOUND","repId":"%s","summary":"%s","satisfaction":5,"occurredAt":"%s"}"""
                .formatted(id, rep, summary, at);
    }

    private static long ok(Http.Response response) {
        assertThat(response.status()).as(response.raw().body()).isBetween(200, 201);
        return response.json().path("version").asLong();
    }

    /**
     * Every fact about the customer that is not personal, as the API shows it: what must survive an
     * erasure unchanged (counts, totals per currency, complaint timings, lifecycle, ownership chain).
     */
    private static JsonNode facts(Http app, String customerId, long version) {
        JsonNode summary = app.get("/api/v1/customers/" + customerId + "?minVersion=" + version)
                .json();
        JsonNode timeline = app.get("/api/v1/customers/" + customerId + "/timeline?limit=100&minVersion=" + version)
                .json();
        ObjectNode facts = new ObjectMapper().createObjectNode();
        for (String field : List.of(
                "registeredAt",
                "owner",
                "previousOwners",
                "stage",
                "stageSince",
                "interactionsByChannel",
                "interactionCount",
                "purchaseCount",
                "totalSpend",
                "lastPurchaseAt",
                "lateFirstResponses",
                "averageSatisfaction",
                "satisfactionRatings",
                "shareOfFives",
                "overdueFollowUps",
                "lastHandover")) {
            facts.set(field, summary.path(field));
        }
        // the handover note is personal; who handed over to whom, when and why is not
        facts.withArray("previousOwners").forEach(owner -> ((ObjectNode) owner).remove("handoverNote"));
        ArrayNode entries = facts.putArray("timeline");
        for (JsonNode entry : timeline.path("entries")) {
            if (entry.path("kind").asText().equals("PERSONAL_DATA_ERASED")) {
                continue; // the one new fact, checked on its own
            }
            entries.add(
                    entry.path("sequence").asLong() + " " + entry.path("kind").asText() + " at "
                            + entry.path("occurredAt").asText() + " by "
                            + entry.path("repId").asText() + " via "
                            + entry.path("channel").asText());
        }
        assertThat(entries.size()).as(timeline.toString()).isGreaterThanOrEqualTo(9);
        assertThat(summary.path("purchaseCount").asInt()).isEqualTo(1);
        return facts;
    }

    private static void replayAll(Http app) throws InterruptedException {
        for (String processor : List.of("timeline", "customer-summary", "rep-portfolio")) {
            Http.Response started = app.post("/api/v1/admin/processors/" + processor + "/replay", "");
            assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonNode state = null;
            while (System.nanoTime() < deadline) {
                state = app.get("/api/v1/admin/processors/" + processor).json();
                if (state.path("state").asText().equals("LIVE")
                        && !state.path("replayFinishedAt").isNull()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(state.path("replayFinishedAt").isNull())
                    .as("%s replayed: %s", processor, state)
                    .isFalse();
        }
    }

    static JsonNode awaitVerification(Http app, String location) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = app.get(location).json();
            if (!run.path("state").asText().equals("RUNNING")) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the verification did not end");
    }

    /** Files under {@code dir} whose bytes contain any of the texts (UTF-8). */
    static List<String> foundIn(Path dir, List<String> texts) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException vanished) {
                    continue; // a temporary file of the running database
                }
                for (String text : texts) {
                    if (indexOf(bytes, text.getBytes(StandardCharsets.UTF_8)) >= 0) {
                        found.add(dataDir(dir, file) + " holds \"" + text + "\"");
                    }
                }
            }
        }
        return found;
    }

    private static String dataDir(Path dir, Path file) {
        return dir.relativize(file).toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Every column of every table of the service's database, searched in SQL (also finds compressed values). */
    static List<String> tablesContaining(DataSource dataSource, List<String> texts) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            Map<String, List<String[]>> columns = new LinkedHashMap<>();
            try (ResultSet rs = connection
                    .createStatement()
                    .executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns"
                            + " WHERE table_schema = 'public' ORDER BY table_name")) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            assertThat(columns.keySet())
                    .contains("domainevententry", "snapshotevententry", "tokenentry", "idempotency_key");
            for (var table : columns.entrySet()) {
                for (String[] column : table.getValue()) {
                    String condition = column[1].equals("bytea")
                            ? "position(convert_to(?, 'UTF8') in \"" + column[0] + "\") > 0"
                            : "\"" + column[0] + "\"::text LIKE '%' || ? || '%'";
                    for (String text : texts) {
                        try (PreparedStatement query = connection.prepareStatement(
                                "SELECT count(*) FROM \"" + table.getKey() + "\" WHERE " + condition)) {
                            query.setString(1, text);
                            try (ResultSet rs = query.executeQuery()) {
                                rs.next();
                                if (rs.getLong(1) > 0) {
                                    found.add(table.getKey() + "." + column[0] + " holds \"" + text + "\"");
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Every document of every collection of every database of the projection store. */
    static List<String> collectionsContaining(MongoClient client, List<String> texts) {
        List<String> found = new ArrayList<>();
        for (String database : client.listDatabaseNames()) {
            for (String collection : client.getDatabase(database).listCollectionNames()) {
                for (Document document :
                        client.getDatabase(database).getCollection(collection).find()) {
                    String json = document.toJson();
                    for (String text : texts) {
                        if (json.contains(text)) {
                            found.add(database + "." + collection + " holds \"" + text + "\"");
                        }
                    }
                }
            }
        }
        return found;
    }

    private record Person(String id, String name, String email, String phone, String phrase) {
        List<String> texts() {
            return List.of(name, email, phone, phrase);
        }
    }
}
