package com.customertimeline.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.customertimeline.support.TestCallers;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bulk import as an app migrating from another CRM uses it: a file of history with a few bad lines
 * in it, posted, followed to its end, read back in the timeline at its original business times, and
 * posted again.
 */
class ImportIT extends PostgresBackedServiceIT {

    private static final Map<String, String> NDJSON = Map.of("Content-Type", "application/x-ndjson");

    @Test
    void importsAFileOfHistoryAppliesEveryValidLineAndNamesEachRejectedLineWithItsProblem() {
        String rep = unique("rep");
        String successor = unique("rep");
        String customer = unique("cust");
        String file = String.join(
                "\n",
                line(
                        "rep",
                        null,
                        "{\"repId\":\"%s\",\"displayName\":\"Ann Lee\",\"occurredAt\":\"2018-01-02T09:00:00Z\"}"
                                .formatted(rep)),
                line(
                        "rep",
                        null,
                        "{\"repId\":\"%s\",\"displayName\":\"Bo Chen\",\"occurredAt\":\"2018-01-02T09:00:00Z\"}"
                                .formatted(successor)),
                line(
                        "customer",
                        null,
                        "{\"customerId\":\"%s\",\"card\":{\"name\":\"Old Mill Ltd\"},\"ownerRepId\":\"%s\",\"occurredAt\":\"2019-03-04T10:00:00Z\"}"
                                .formatted(customer, rep)),
                line(
                        "interaction",
                        "crm-1001",
                        "{\"customerId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"Asked about delivery\",\"occurredAt\":\"2019-03-05T10:00:00Z\"}"
                                .formatted(customer, rep)),
                line(
                        "purchase",
                        "crm-1002",
                        "{\"customerId\":\"%s\",\"orderId\":\"o-1\",\"lineItems\":[{\"sku\":\"S1\",\"quantity\":2,\"unitPrice\":{\"amount\":\"9.50\",\"currency\":\"EUR\"}}],\"occurredAt\":\"2019-04-01T10:00:00Z\"}"
                                .formatted(customer)),
                line(
                        "complaint",
                        "crm-1003",
                        "{\"customerId\":\"%s\",\"complaintId\":\"k-1\",\"channel\":\"EMAIL\",\"category\":\"delivery\",\"severity\":\"HIGH\",\"description\":\"Late\",\"occurredAt\":\"2019-04-03T10:00:00Z\"}"
                                .formatted(customer)),
                "",
                line(
                        "complaint-response",
                        "crm-1004",
                        "{\"customerId\":\"%s\",\"complaintId\":\"k-1\",\"repId\":\"%s\",\"message\":\"Sorry, sent today\",\"occurredAt\":\"2019-04-03T15:00:00Z\"}"
                                .formatted(customer, rep)),
                // line 9: a response to a complaint the customer never filed (the aggregate's rule)
                line(
                        "complaint-response",
                        "crm-1005",
                        "{\"customerId\":\"%s\",\"complaintId\":\"k-404\",\"repId\":\"%s\",\"message\":\"?\",\"occurredAt\":\"2019-04-03T16:00:00Z\"}"
                                .formatted(customer, rep)),
                // line 10: not JSON
                "{\"type\":\"interaction\",",
                // line 11: no business time
                line(
                        "interaction",
                        "crm-1006",
                        "{\"customerId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"x\"}"
                                .formatted(customer, rep)),
                // line 12: a type nobody knows
                "{\"type\":\"fax\",\"occurredAt\":\"2019-04-03T16:00:00Z\"}",
                // line 13: a field the command does not know (a typo in the migration script)
                line(
                        "interaction",
                        "crm-1007",
                        "{\"customerId\":\"%s\",\"chanel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"x\",\"occurredAt\":\"2019-04-03T16:00:00Z\"}"
                                .formatted(customer, rep)),
                line(
                        "card",
                        "crm-1008",
                        "{\"customerId\":\"%s\",\"company\":\"Old Mill Group\",\"occurredAt\":\"2019-05-01T10:00:00Z\"}"
                                .formatted(customer)),
                line(
                        "reassignment",
                        "crm-1009",
                        "{\"customerId\":\"%s\",\"toRepId\":\"%s\",\"reason\":\"TEAM_CHANGE\",\"handoverNote\":\"Ann moved to key accounts\",\"occurredAt\":\"2019-06-01T10:00:00Z\"}"
                                .formatted(customer, successor)),
                // line 16: an interaction of a customer who does not exist
                line(
                        "interaction",
                        "crm-1010",
                        "{\"customerId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"x\",\"occurredAt\":\"2019-04-03T16:00:00Z\"}"
                                .formatted(unique("nobody"), rep)));

        Http.Response posted = http.post("/api/v1/imports", file, NDJSON);

        assertThat(posted.status()).isEqualTo(202);
        assertThat(posted.header("Location")).startsWith("/api/v1/imports/");
        JsonNode done = awaitDone(posted.header("Location"));
        assertThat(done.path("status").asText()).isEqualTo("DONE");
        assertThat(done.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(done.path("bytes").asLong()).isEqualTo(file.getBytes(StandardCharsets.UTF_8).length);
        assertThat(done.path("linesRead").asLong()).isEqualTo(16);
        assertThat(done.path("blankLines").asLong()).isEqualTo(1);
        assertThat(done.path("applied").asLong()).isEqualTo(9);
        assertThat(done.path("alreadyImported").asLong()).isZero();
        assertThat(done.path("rejected").asLong()).isEqualTo(6);
        assertThat(rejections(done))
                .containsExactly(
                        "9 complaint-response crm-1005 404 unknown-complaint complaintId",
                        "10 - - 400 malformed-line -",
                        "11 - - 400 invalid-request occurredAt",
                        "12 - - 400 unknown-type type",
                        "13 - - 400 malformed-line chanel",
                        "16 interaction crm-1010 404 not-found customerId");

        // the customer's history: registration, 6 records, nothing of the rejected lines, at business times
        JsonNode page = http.get("/api/v1/customers/" + customer + "/timeline?order=asc&minVersion=6")
                .json();
        assertThat(page.path("version").asLong()).isEqualTo(6);
        List<String> entries = new ArrayList<>();
        page.path("entries")
                .forEach(e -> entries.add(e.path("kind").asText() + " "
                        + Instant.parse(e.path("occurredAt").asText())));
        assertThat(entries)
                .containsExactly(
                        "REGISTERED 2019-03-04T10:00:00Z",
                        "INTERACTION 2019-03-05T10:00:00Z",
                        "PURCHASE 2019-04-01T10:00:00Z",
                        "COMPLAINT_FILED 2019-04-03T10:00:00Z",
                        "COMPLAINT_RESPONDED 2019-04-03T15:00:00Z",
                        "CARD_UPDATED 2019-05-01T10:00:00Z",
                        "REASSIGNED 2019-06-01T10:00:00Z");

        // the same file again: every applied line is recognised by its key, nothing is written
        JsonNode again = awaitDone(http.post("/api/v1/imports", file, NDJSON).header("Location"));
        assertThat(again.path("applied").asLong()).isZero();
        assertThat(again.path("alreadyImported").asLong()).isEqualTo(9);
        assertThat(again.path("rejected").asLong()).isEqualTo(6);
        assertThat(http.get("/api/v1/customers/" + customer + "/timeline?minVersion=6")
                        .json()
                        .path("version")
                        .asLong())
                .isEqualTo(6);

        // a batch's events were appended and hash-chained together: the store still verifies clean
        assertThat(verified().path("state").asText()).isEqualTo("CLEAN");
    }

    @Test
    void aLineKeyImportedBeforeWithOtherContentIsRejectedAndTheFirstRecordStays() {
        String rep = unique("rep");
        String customer = unique("cust");
        awaitDone(http.post(
                        "/api/v1/imports",
                        line(
                                        "rep",
                                        "k-rep-" + rep,
                                        "{\"repId\":\"%s\",\"displayName\":\"Ann\",\"occurredAt\":\"2018-01-01T00:00:00Z\"}"
                                                .formatted(rep))
                                + "\n"
                                + line(
                                        "customer",
                                        "k-" + customer,
                                        "{\"customerId\":\"%s\",\"card\":{\"name\":\"A\"},\"ownerRepId\":\"%s\",\"occurredAt\":\"2019-01-01T00:00:00Z\"}"
                                                .formatted(customer, rep)),
                        NDJSON)
                .header("Location"));

        JsonNode second = awaitDone(http.post(
                        "/api/v1/imports",
                        line(
                                "interaction",
                                "k-" + customer,
                                "{\"customerId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"x\",\"occurredAt\":\"2019-02-01T00:00:00Z\"}"
                                        .formatted(customer, rep)),
                        NDJSON)
                .header("Location"));

        assertThat(rejections(second)).containsExactly("1 interaction k-" + customer + " 422 import-key-reused key");
        assertThat(http.get("/api/v1/customers/" + customer + "/timeline")
                        .json()
                        .path("version")
                        .asLong())
                .isZero();
    }

    @Test
    void aLineThatOnlyTheAppendCanRefuseIsReportedAndTheRestOfItsBatchIsKept() {
        String rep = unique("rep");
        String customer = unique("cust");
        String file = String.join(
                "\n",
                line(
                        "rep",
                        null,
                        "{\"repId\":\"%s\",\"displayName\":\"Ann\",\"occurredAt\":\"2018-01-01T00:00:00Z\"}"
                                .formatted(rep)),
                line(
                        "customer",
                        null,
                        "{\"customerId\":\"%s\",\"card\":{\"name\":\"A\"},\"ownerRepId\":\"%s\",\"occurredAt\":\"2019-01-01T00:00:00Z\"}"
                                .formatted(customer, rep)),
                // a customer under the rep's id: only the event store's append sees the stream is taken
                line(
                        "customer",
                        null,
                        "{\"customerId\":\"%s\",\"card\":{\"name\":\"B\"},\"ownerRepId\":\"%s\",\"occurredAt\":\"2019-01-01T00:00:00Z\"}"
                                .formatted(rep, rep)),
                line(
                        "interaction",
                        null,
                        "{\"customerId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"x\",\"occurredAt\":\"2019-02-01T00:00:00Z\"}"
                                .formatted(customer, rep)));

        JsonNode done = awaitDone(http.post("/api/v1/imports", file, NDJSON).header("Location"));

        assertThat(done.path("applied").asLong()).isEqualTo(3);
        assertThat(rejections(done))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("3 customer sha256:")
                .endsWith(" 409 id-taken customerId");
        assertThat(http.get("/api/v1/customers/" + customer + "/timeline?minVersion=1")
                        .json()
                        .path("version")
                        .asLong())
                .isEqualTo(1);
        assertThat(http.get("/api/v1/customers/" + rep).status()).isEqualTo(404);
    }

    @Test
    void onlyAppsAndAdministratorsImportAndEachCallerSeesOnlyTheirOwnImports() {
        String body = "{\"type\":\"fax\"}";
        TestCallers.person(anonymous, unique("p"), "rep-password-1234", unique("r"), null, "REP");
        String repUser = unique("rep-user");
        TestCallers.person(anonymous, repUser, "rep-password-1234", unique("r"), null, "REP");
        Http rep = anonymous.withBasic(repUser, "rep-password-1234");
        String otherApp = unique("other-app");
        Http other = anonymous.withBearer(
                TestCallers.token(anonymous, otherApp, TestCallers.client(anonymous, otherApp, "APP")));

        assertThat(anonymous.post("/api/v1/imports", body, NDJSON).status()).isEqualTo(401);
        assertThat(rep.post("/api/v1/imports", body, NDJSON).status()).isEqualTo(403);
        Http.Response byAdmin = TestCallers.admin(anonymous).post("/api/v1/imports", body, NDJSON);
        assertThat(byAdmin.status()).isEqualTo(202);

        String location = http.post("/api/v1/imports", body, NDJSON).header("Location");
        Http.Response foreign = other.get(location);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().path("code").asText()).isEqualTo("no-import");
        assertThat(TestCallers.admin(anonymous).get(location).status()).isEqualTo(200);
    }

    @Test
    void aLineThatIsNotUtf8OrTooLongIsRejectedOnItsOwnAndTheLinesAfterItAreApplied() throws Exception {
        String rep = unique("rep");
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.write(line(
                        "rep",
                        null,
                        "{\"repId\":\"%s\",\"displayName\":\"Ann\",\"occurredAt\":\"2018-01-01T00:00:00Z\"}"
                                .formatted(rep))
                .getBytes(StandardCharsets.UTF_8));
        file.write("\n{\"type\":\"rep\",\"displayName\":\"".getBytes(StandardCharsets.UTF_8));
        file.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // not UTF-8
        file.write("\"}\r\n".getBytes(StandardCharsets.UTF_8));
        file.write(("{\"type\":\"rep\",\"displayName\":\"" + "x".repeat(1_100_000) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        String second = unique("rep");
        file.write(line(
                        "rep",
                        null,
                        "{\"repId\":\"%s\",\"displayName\":\"Bo\",\"occurredAt\":\"2018-01-01T00:00:00Z\"}"
                                .formatted(second))
                .getBytes(StandardCharsets.UTF_8));

        java.net.http.HttpResponse<String> posted = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/imports"))
                                .header("Content-Type", "application/x-ndjson")
                                .header("Authorization", http.authorization())
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(file.toByteArray()))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(202);

        JsonNode done = awaitDone(posted.headers().firstValue("Location").orElseThrow());
        assertThat(done.path("status").asText()).isEqualTo("DONE");
        assertThat(done.path("applied").asLong()).isEqualTo(2);
        assertThat(rejections(done)).containsExactly("2 - - 400 malformed-line -", "3 - - 400 malformed-line -");
        assertThat(done.path("rejections").get(1).path("problem").path("detail").asText())
                .contains("longer than");
    }

    @Test
    void anAdministratorWhoIsAlsoARepRecordsOnlyAsThemselvesOutsideAnImport() {
        String own = unique("rep");
        String other = unique("rep");
        String customer = unique("cust");
        awaitDone(http.post(
                        "/api/v1/imports",
                        String.join(
                                "\n",
                                line(
                                        "rep",
                                        null,
                                        "{\"repId\":\"%s\",\"displayName\":\"Own\",\"occurredAt\":\"2018-01-01T00:00:00Z\"}"
                                                .formatted(own)),
                                line(
                                        "rep",
                                        null,
                                        "{\"repId\":\"%s\",\"displayName\":\"Other\",\"occurredAt\":\"2018-01-01T00:00:00Z\"}"
                                                .formatted(other)),
                                line(
                                        "customer",
                                        null,
                                        "{\"customerId\":\"%s\",\"card\":{\"name\":\"A\"},\"ownerRepId\":\"%s\",\"occurredAt\":\"2019-01-01T00:00:00Z\"}"
                                                .formatted(customer, own))),
                        NDJSON)
                .header("Location"));
        // the rep's access rule reads ownership from the portfolio: wait until it holds the customer
        assertThat(http.get("/api/v1/reps/" + own + "/customers?customerId=" + customer + "&minVersion=0")
                        .status())
                .isEqualTo(200);
        String user = unique("repadmin");
        TestCallers.person(anonymous, user, "rep-admin-password-1", own, null, "REP", "ADMIN");
        Http repAdmin = anonymous.withBasic(user, "rep-admin-password-1");

        Http.Response asOther = repAdmin.post(
                "/api/v1/customers/" + customer + "/interactions",
                "{\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"x\"}"
                        .formatted(other));
        assertThat(asOther.status()).isEqualTo(403);
        assertThat(asOther.json().path("code").asText()).isEqualTo("acting-as-other");

        JsonNode imported = awaitDone(
                repAdmin.post(
                                "/api/v1/imports",
                                line(
                                        "interaction",
                                        null,
                                        "{\"customerId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"x\",\"occurredAt\":\"2019-02-01T00:00:00Z\"}"
                                                .formatted(customer, other)),
                                NDJSON)
                        .header("Location"),
                repAdmin);
        assertThat(imported.path("applied").asLong()).isEqualTo(1);

        Http.Response onBehalf = repAdmin.post(
                "/api/v1/imports",
                "{\"type\":\"rep\"}",
                Map.of("Content-Type", "application/x-ndjson", "On-Behalf-Of", "someone"));
        assertThat(onBehalf.status()).isEqualTo(400);
        assertThat(onBehalf.json().path("field").asText()).isEqualTo("On-Behalf-Of");
    }

    @Test
    void anEmptyBodyOrAnotherMediaTypeIsRefusedAsAProblem() {
        Http.Response empty = http.post("/api/v1/imports", "", NDJSON);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).startsWith("application/problem+json");
        assertThat(empty.json().path("code").asText()).isEqualTo("empty-import");

        Http.Response json = http.post("/api/v1/imports", "{\"type\":\"rep\"}");
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.json().path("code").asText()).isEqualTo("unsupported-media-type");
        assertThat(json.json().path("detail").asText()).contains("application/x-ndjson");
    }

    private static String line(String type, String key, String fields) {
        String envelope = "{\"type\":\"" + type + "\"" + (key == null ? "" : ",\"key\":\"" + key + "\"");
        return envelope + (fields.equals("{}") ? "}" : "," + fields.substring(1));
    }

    private JsonNode awaitDone(String location) {
        return awaitDone(location, http);
    }

    private JsonNode awaitDone(String location, Http caller) {
        assertThat(location).isNotNull();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Http.Response status = caller.get(location);
            assertThat(status.status()).isEqualTo(200);
            String state = status.json().path("status").asText();
            if (state.equals("DONE") || state.equals("FAILED")) {
                return status.json();
            }
            assertThat(Instant.now()).as("import finished in time").isBefore(deadline);
            pause();
        }
    }

    private JsonNode verified() {
        Http.Response started = http.post("/api/v1/audit/verifications", null);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode run = http.get(started.header("Location")).json();
            if (!run.path("state").asText().equals("RUNNING")) {
                return run;
            }
            assertThat(Instant.now()).as("verification finished in time").isBefore(deadline);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> rejections(JsonNode status) {
        List<String> out = new ArrayList<>();
        for (JsonNode rejection : status.path("rejections")) {
            JsonNode problem = rejection.path("problem");
            out.add(rejection.path("line").asLong() + " "
                    + rejection.path("type").asText("-") + " "
                    + rejection.path("key").asText("-") + " "
                    + problem.path("status").asInt() + " "
                    + problem.path("code").asText() + " "
                    + problem.path("field").asText("-"));
        }
        return out;
    }
}
