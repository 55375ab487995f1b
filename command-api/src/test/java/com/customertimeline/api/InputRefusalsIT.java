package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Input a new user tries that must be refused with problem+json (code, and field where one is at fault),
 * with nothing written: reps who are not (or no longer) on the roster, numbers of the wrong kind, trailing
 * JSON, amounts beyond bounds, implausible business time, and requests the framework or the server itself
 * refuses.
 */
class InputRefusalsIT extends PostgresBackedServiceIT {

    @Autowired
    EventStore eventStore;

    String owner;
    String leaver;
    Instant leftAt;
    String customer;
    String base;

    @BeforeEach
    void rosterAndCustomer() {
        owner = unique("rep");
        leaver = unique("leaver");
        customer = unique("cust");
        base = "/api/v1/customers/" + customer;
        assertThat(http.post("/api/v1/reps", CustomerCommandApiIT.rep(owner)).status())
                .isEqualTo(201);
        assertThat(http.post("/api/v1/reps", CustomerCommandApiIT.rep(leaver)).status())
                .isEqualTo(201);
        assertThat(http.post("/api/v1/customers", CustomerCommandApiIT.customer(customer, owner))
                        .status())
                .isEqualTo(201);
        leftAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
        var departure = http.post(
                "/api/v1/reps/" + leaver + "/departure",
                """
                {"successorRepId":"%s","occurredAt":"%s"}""".formatted(owner, leftAt));
        assertThat(departure.status()).as(departure.raw().body()).isEqualTo(202);
    }

    long storedEvents() {
        return eventStore.readEvents(customer).asStream().count();
    }

    static void assertProblem(Http.Response response, int status, String code, String field) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("title").asText()).isNotBlank();
        assertThat(response.json().path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("type").asText()).isEqualTo("urn:customer-timeline:problem:" + code);
        if (field != null) {
            assertThat(response.json().path("field").asText()).isEqualTo(field);
        }
    }

    String interaction(String repId, String extra) {
        return """
                {"channel":"PHONE","direction":"INBOUND","repId":"%s","summary":"Asked for a quote"%s}"""
                .formatted(repId, extra);
    }

    @Nested
    class ActingReps {

        @Test
        void anInteractionByARepWhoWasNeverRegisteredIs422AndNothingIsWritten() {
            assertProblem(
                    http.post(base + "/interactions", interaction("nobody-" + owner, "")), 422, "unknown-rep", "repId");
            assertThat(storedEvents()).isEqualTo(1);
        }

        @Test
        void anInteractionByARepAfterTheyLeftIs422() {
            assertProblem(http.post(base + "/interactions", interaction(leaver, "")), 422, "rep-departed", "repId");
            assertThat(storedEvents()).isEqualTo(1);
        }

        @Test
        void anInteractionARepHadBeforeTheyLeftIsStillRecorded() {
            var response = http.post(
                    base + "/interactions",
                    interaction(leaver, ",\"occurredAt\":\"%s\"".formatted(leftAt.minus(Duration.ofHours(3)))));

            assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
        }

        @Test
        void aComplaintResponseOrResolutionByAnUnknownOrDepartedRepIs422() {
            assertThat(http.post(
                                    base + "/complaints",
                                    """
                                    {"complaintId":"c-1","channel":"EMAIL","category":"DELIVERY","severity":"HIGH",
                                     "description":"Late"}""")
                            .status())
                    .isEqualTo(201);

            assertProblem(
                    http.post(base + "/complaints/c-1/responses", "{\"repId\":\"ghost-rep\",\"message\":\"On it\"}"),
                    422,
                    "unknown-rep",
                    "repId");
            assertProblem(
                    http.post(
                            base + "/complaints/c-1/resolution",
                            "{\"repId\":\"%s\",\"resolution\":\"Refunded\"}".formatted(leaver)),
                    422,
                    "rep-departed",
                    "repId");
            assertThat(storedEvents()).isEqualTo(2);
        }

        @Test
        void aPurchaseOrCardChangeNamingAnUnknownRepIs422() {
            assertProblem(
                    http.post(
                            base + "/purchases",
                            """
                            {"repId":"ghost-rep","lineItems":[{"sku":"A","quantity":1,"unitPrice":{"amount":5,"currency":"EUR"}}]}"""),
                    422,
                    "unknown-rep",
                    "repId");
            assertProblem(
                    http.patch(base + "/card", "{\"company\":\"Other Srl\",\"updatedByRepId\":\"ghost-rep\"}"),
                    422,
                    "unknown-rep",
                    "updatedByRepId");
            assertThat(storedEvents()).isEqualTo(1);
        }
    }

    @Nested
    class Numbers {

        @Test
        void aFractionalQuantityIs400NotTruncated() {
            assertProblem(
                    http.post(
                            base + "/purchases",
                            """
                            {"lineItems":[{"sku":"A","quantity":1.5,"unitPrice":{"amount":5,"currency":"EUR"}}]}"""),
                    400,
                    "malformed-request",
                    "lineItems[0].quantity");
            assertThat(storedEvents()).isEqualTo(1);
        }

        @Test
        void aFractionalSatisfactionIs400() {
            assertProblem(
                    http.post(base + "/interactions", interaction(owner, ",\"satisfaction\":4.5")),
                    400,
                    "malformed-request",
                    "satisfaction");
        }

        @Test
        void contentAfterTheJsonDocumentIs400() {
            assertProblem(
                    http.post(base + "/interactions", interaction(owner, "") + " {\"summary\":\"again\"}"),
                    400,
                    "malformed-request",
                    null);
            assertProblem(
                    http.post(base + "/interactions", interaction(owner, "") + " trailing"),
                    400,
                    "malformed-request",
                    null);
            assertThat(storedEvents()).isEqualTo(1);
        }

        @Test
        void aKeyGivenTwiceIsStill400() {
            assertProblem(
                    http.post(
                            base + "/interactions",
                            "{\"channel\":\"PHONE\",\"channel\":\"SMS\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"x\"}"
                                    .formatted(owner)),
                    400,
                    "malformed-request",
                    "channel");
        }

        @Test
        void anOrderWhoseLineItemsAddUpBeyondTheLargestAmountIs422() {
            assertProblem(
                    http.post(
                            base + "/purchases",
                            """
                            {"lineItems":[{"sku":"A","quantity":2000000000,"unitPrice":{"amount":999999999999,"currency":"EUR"}}]}"""),
                    422,
                    "amount-too-large",
                    "lineItems");
            assertThat(storedEvents()).isEqualTo(1);
        }

        @Test
        void aTotalBeyondTheLargestAmountIs400() {
            assertProblem(
                    http.post(
                            base + "/purchases",
                            """
                            {"lineItems":[{"sku":"A","quantity":1,"unitPrice":{"amount":5,"currency":"EUR"}}],
                             "total":{"amount":1000000000000000,"currency":"EUR"}}"""),
                    400,
                    "invalid-request",
                    "total.amount");
        }
    }

    @Nested
    class BusinessTime {

        @Test
        void aTimeBefore1900Is400() {
            assertProblem(
                    http.post(base + "/interactions", interaction(owner, ",\"occurredAt\":\"0001-01-01T00:00:00Z\"")),
                    400,
                    "invalid-request",
                    "occurredAt");
            assertProblem(
                    http.post(
                            base + "/interactions",
                            interaction(owner, ",\"occurredAt\":\"1899-12-31T23:59:59Z\",\"imported\":true")),
                    400,
                    "invalid-request",
                    "occurredAt");
        }

        @Test
        void anEventBeforeTheRegistrationIs422UnlessItIsImportedHistory() {
            // the customer was registered on 2025-01-10
            String before = ",\"occurredAt\":\"2024-06-01T10:00:00Z\"";

            assertProblem(
                    http.post(base + "/interactions", interaction(owner, before)),
                    422,
                    "before-registration",
                    "occurredAt");
            assertThat(storedEvents()).isEqualTo(1);
            var imported = http.post(base + "/interactions", interaction(owner, before + ",\"imported\":true"));
            assertThat(imported.status()).as(imported.raw().body()).isEqualTo(201);
            var importedPurchase = http.post(
                    base + "/purchases",
                    """
                    {"occurredAt":"2023-03-01T00:00:00Z","imported":true,
                     "lineItems":[{"sku":"A","quantity":1,"unitPrice":{"amount":5,"currency":"EUR"}}]}""");
            assertThat(importedPurchase.status())
                    .as(importedPurchase.raw().body())
                    .isEqualTo(201);
            assertThat(storedEvents()).isEqualTo(3);
        }

        @Test
        void aComplaintIsNotAnsweredBeforeItWasFiled() {
            assertThat(http.post(
                                    base + "/complaints",
                                    """
                                    {"complaintId":"c-9","channel":"EMAIL","category":"DELIVERY","severity":"LOW",
                                     "description":"Late","occurredAt":"2025-03-01T10:00:00Z"}""")
                            .status())
                    .isEqualTo(201);

            assertProblem(
                    http.post(
                            base + "/complaints/c-9/responses",
                            "{\"repId\":\"%s\",\"message\":\"On it\",\"occurredAt\":\"2025-02-01T10:00:00Z\"}"
                                    .formatted(owner)),
                    422,
                    "before-complaint",
                    "occurredAt");
            assertThat(storedEvents()).isEqualTo(2);
        }

        @Test
        void importedMustBeABoolean() {
            assertProblem(
                    http.post(base + "/interactions", interaction(owner, ",\"imported\":\"yes\"")),
                    400,
                    "malformed-request",
                    "imported");
        }
    }

    @Nested
    class RefusedByTheFramework {

        private final HttpClient client = HttpClient.newHttpClient();

        private Http.Response raw(HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(
                    response.statusCode(),
                    response,
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()));
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", http.authorization());
        }

        @Test
        void anUnknownRouteIs404InOurWords() {
            var response = http.get("/api/v1/nothing-here");

            assertProblem(response, 404, "unknown-route", null);
            assertThat(response.json().path("detail").asText()).contains("/api/v1/nothing-here");
        }

        @Test
        void aCommandForAnUnknownCustomerIs404InOurWords() {
            var response = http.post("/api/v1/customers/ghost-cust/interactions", interaction(owner, ""));

            assertProblem(response, 404, "not-found", "customerId");
            assertThat(response.json().path("detail").asText()).isEqualTo("no customer ghost-cust");
        }

        @Test
        void aWrongMethodIs405WithAllow() {
            var response = http.send("DELETE", base, null, Map.of());

            assertProblem(response, 405, "method-not-allowed", null);
            assertThat(response.header("Allow")).contains("GET");
        }

        @Test
        void anUnacceptableAcceptHeaderIs406() throws Exception {
            assertProblem(raw(request(base).header("Accept", "text/html")), 406, "not-acceptable", "Accept");
        }

        @Test
        void anUnsupportedContentTypeIs415() throws Exception {
            var response = raw(request(base + "/interactions")
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(interaction(owner, ""))));

            assertProblem(response, 415, "unsupported-media-type", "Content-Type");
            assertThat(storedEvents()).isEqualTo(1);
        }

        @Test
        void anEncodedSlashOrNulInThePathIs400ProblemNotHtml() throws Exception {
            assertProblem(raw(request("/api/v1/customers/a%2Fb")), 400, "malformed-request", null);
            assertProblem(raw(request("/api/v1/customers/a%00b")), 400, "malformed-request", null);
        }

        @Test
        void oversizedHeadersAre400ProblemNotHtml() throws Exception {
            assertProblem(raw(request(base).header("X-Padding", "a".repeat(20_000))), 400, "malformed-request", null);
        }
    }
}
