package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every command endpoint over HTTP against the running service on the PostgreSQL event store. */
class CustomerCommandApiIT extends PostgresBackedServiceIT {

    @Autowired
    EventStore eventStore;

    String owner;
    String otherRep;
    String customer;

    @BeforeEach
    void registerRepsAndCustomer() {
        owner = unique("rep");
        otherRep = unique("rep");
        customer = unique("cust");
        assertThat(http.post("/api/v1/reps", rep(owner)).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/reps", rep(otherRep)).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/customers", customer(customer, owner)).status())
                .isEqualTo(201);
    }

    static String rep(String id) {
        return """
                {"repId":"%s","displayName":"Rep %s","team":"customer-development"}"""
                .formatted(id, id);
    }

    static String customer(String id, String ownerRepId) {
        return """
                {"customerId":"%s","ownerRepId":"%s","occurredAt":"2025-01-10T09:00:00Z",
                 "card":{"name":"Maria Rossi","company":"Rossi Srl","position":"Buyer",
                         "addresses":[{"label":"office","street":"Via Roma 1","city":"Milano","country":"IT"}],
                         "contacts":[{"type":"EMAIL","value":"maria@rossi.example"}]}}"""
                .formatted(id, ownerRepId);
    }

    long storedEvents(String customerId) {
        return eventStore.readEvents(customerId).asStream().count();
    }

    void assertProblem(Http.Response response, int status, String field) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().path("field").asText()).isEqualTo(field);
        }
    }

    @Nested
    class Registration {

        @Test
        void registersCustomerAndAnswersWithIdVersionAndLocation() {
            String id = unique("cust");
            var response = http.post("/api/v1/customers", customer(id, owner));

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().get("customerId").asText()).isEqualTo(id);
            assertThat(response.json().get("version").asLong()).isZero();
            assertThat(response.header("Location")).isEqualTo("/api/v1/customers/" + id);
            assertThat(storedEvents(id)).isEqualTo(1);
        }

        @Test
        void generatesCustomerIdWhenNoneGiven() {
            var response = http.post(
                    "/api/v1/customers",
                    """
                    {"ownerRepId":"%s","card":{"name":"No Id Ltd"}}""".formatted(owner));

            assertThat(response.status()).isEqualTo(201);
            assertThat(storedEvents(response.json().get("customerId").asText())).isEqualTo(1);
        }

        @Test
        void cannotRegisterSameCustomerTwice() {
            var second = http.post("/api/v1/customers", customer(customer, owner));

            assertProblem(second, 409, "customerId");
            assertThat(second.json().get("code").asText()).isEqualTo("customer-already-registered");
            assertThat(storedEvents(customer)).isEqualTo(1);
        }

        @Test
        void concurrentRegistrationsOfOneIdLetExactlyOneThrough() throws Exception {
            String id = unique("race");
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() ->
                        http.post("/api/v1/customers", customer(id, owner)).status());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Integer> statuses = new ArrayList<>();
            try {
                for (Future<Integer> status : pool.invokeAll(attempts)) {
                    statuses.add(status.get());
                }
            } finally {
                pool.shutdown();
            }

            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(storedEvents(id)).isEqualTo(1);
        }

        @Test
        void rejectsUnknownOwnerRep() {
            var response = http.post("/api/v1/customers", customer(unique("cust"), "nobody"));

            assertProblem(response, 422, "ownerRepId");
            assertThat(response.json().get("code").asText()).isEqualTo("unknown-rep");
        }

        @Test
        void rejectsMissingNameWithFieldNamed() {
            var response = http.post(
                    "/api/v1/customers",
                    """
                    {"ownerRepId":"%s","card":{"company":"Anon"}}""".formatted(owner));

            assertProblem(response, 400, "card.name");
        }

        @Test
        void rejectsMalformedJson() {
            assertProblem(http.post("/api/v1/customers", "{\"card\": "), 400, null);
        }

        @Test
        void rejectsAKeyGivenTwiceNamingIt() {
            String twice =
                    """
                    {"customerId":"%s","customerId":"%s","ownerRepId":"%s","card":{"name":"X"}}"""
                            .formatted(unique("a"), unique("b"), owner);
            var response = http.post("/api/v1/customers", twice);

            assertProblem(response, 400, "customerId");
            assertThat(response.json().path("code").asText()).isEqualTo("malformed-request");

            String nested =
                    """
                    {"ownerRepId":"%s","card":{"name":"X","name":"Y"}}""".formatted(owner);
            assertProblem(http.post("/api/v1/customers", nested), 400, "card.name");
        }

        @Test
        void rejectsUnknownFieldsInsteadOfIgnoringThem() {
            var response = http.post(
                    "/api/v1/customers",
                    """
                    {"ownerRepId":"%s","card":{"name":"X"},"colour":"red"}""".formatted(owner));

            assertProblem(response, 400, "colour");
        }

        @Test
        void rejectsUnknownLifecycleStage() {
            var response = http.post(
                    "/api/v1/customers",
                    """
                    {"ownerRepId":"%s","card":{"name":"X"},"stage":"HOT"}""".formatted(owner));

            assertProblem(response, 400, "stage");
        }

        @Test
        void rejectsBusinessTimeInTheFuture() {
            var response = http.post(
                    "/api/v1/customers",
                    """
                    {"ownerRepId":"%s","card":{"name":"X"},"occurredAt":"2999-01-01T00:00:00Z"}"""
                            .formatted(owner));

            assertProblem(response, 400, "occurredAt");
        }
    }

    @Nested
    class CardUpdates {

        @Test
        void updatesChangedFieldsAndBumpsVersion() {
            var response = http.patch(
                    "/api/v1/customers/" + customer + "/card",
                    """
                    {"position":"Head of Purchasing","company":null,"updatedByRepId":"%s"}"""
                            .formatted(owner));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("version").asLong()).isEqualTo(1);
            assertThat(storedEvents(customer)).isEqualTo(2);
        }

        @Test
        void recordsNothingWhenNothingChanges() {
            var response = http.patch(
                    "/api/v1/customers/" + customer + "/card", """
                    {"name":"Maria Rossi"}""");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("version").asLong()).isZero();
            assertThat(storedEvents(customer)).isEqualTo(1);
        }

        @Test
        void cannotClearTheName() {
            assertProblem(http.patch("/api/v1/customers/" + customer + "/card", "{\"name\":null}"), 400, "name");
        }

        @Test
        void rejectsUnknownCardField() {
            assertProblem(
                    http.patch("/api/v1/customers/" + customer + "/card", "{\"nickname\":\"Mia\"}"), 400, "nickname");
        }

        @Test
        void rejectsWrongTypeForAddresses() {
            assertProblem(
                    http.patch("/api/v1/customers/" + customer + "/card", "{\"addresses\":\"Milano\"}"),
                    400,
                    "addresses");
        }

        @Test
        void answers404ForUnknownCustomer() {
            assertProblem(http.patch("/api/v1/customers/ghost-1/card", "{\"position\":\"CEO\"}"), 404, null);
        }
    }

    @Nested
    class Interactions {

        String interaction(String extra) {
            return """
                    {"channel":"PHONE","direction":"INBOUND","repId":"%s","summary":"Asked for a quote"%s}"""
                    .formatted(owner, extra);
        }

        @Test
        void recordsInteractionWithPromise() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/interactions",
                    interaction(",\"interactionId\":\"call-1\",\"satisfaction\":4,"
                            + "\"followUp\":{\"dueAt\":\"2026-12-01T10:00:00Z\",\"description\":\"Send the quote\"}"));

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().get("interactionId").asText()).isEqualTo("call-1");
            assertThat(response.json().get("version").asLong()).isEqualTo(1);
        }

        @Test
        void rejectsSatisfactionOutsideOneToFive() {
            assertProblem(
                    http.post("/api/v1/customers/" + customer + "/interactions", interaction(",\"satisfaction\":6")),
                    400,
                    "satisfaction");
        }

        @Test
        void rejectsSummaryLongerThan4000Characters() {
            String longSummary = "x".repeat(4001);
            var response = http.post(
                    "/api/v1/customers/" + customer + "/interactions",
                    """
                    {"channel":"EMAIL","direction":"OUTBOUND","repId":"%s","summary":"%s"}"""
                            .formatted(owner, longSummary));

            assertProblem(response, 400, "summary");
        }

        @Test
        void rejectsUnknownChannel() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/interactions",
                    """
                    {"channel":"FAX","direction":"INBOUND","repId":"%s","summary":"hi"}"""
                            .formatted(owner));

            assertProblem(response, 400, "channel");
        }

        @Test
        void cannotRecordSameInteractionIdTwice() {
            String body = interaction(",\"interactionId\":\"dup-1\"");
            http.post("/api/v1/customers/" + customer + "/interactions", body);

            var second = http.post("/api/v1/customers/" + customer + "/interactions", body);

            assertProblem(second, 409, "interactionId");
            assertThat(storedEvents(customer)).isEqualTo(2);
        }

        @Test
        void answers404ForUnknownCustomer() {
            assertProblem(http.post("/api/v1/customers/ghost-2/interactions", interaction("")), 404, null);
        }

        @Test
        void rejectsInvalidCustomerIdInPath() {
            assertProblem(http.post("/api/v1/customers/bad%20id/interactions", interaction("")), 400, "customerId");
        }

        @Test
        void completesPromiseOnceOnly() {
            http.post(
                    "/api/v1/customers/" + customer + "/interactions",
                    interaction(",\"interactionId\":\"call-2\","
                            + "\"followUp\":{\"dueAt\":\"2026-12-01T10:00:00Z\",\"description\":\"Call back\"}"));
            String path = "/api/v1/customers/" + customer + "/follow-ups/call-2/completion";
            String body =
                    """
                    {"repId":"%s","note":"Called back, quote accepted"}""".formatted(owner);

            var first = http.post(path, body);
            var second = http.post(path, body);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().get("version").asLong()).isEqualTo(2);
            assertProblem(second, 422, "interactionId");
        }
    }

    @Nested
    class Purchases {

        @Test
        void recordsPurchaseWithDecimalTotal() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/purchases",
                    """
                    {"orderId":"o-1","repId":"%s","lineItems":[
                      {"sku":"A-1","quantity":3,"unitPrice":{"amount":"0.10","currency":"EUR"}},
                      {"sku":"B-2","quantity":1,"unitPrice":{"amount":"19.99","currency":"EUR"}}]}"""
                            .formatted(owner));

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json().get("orderId").asText()).isEqualTo("o-1");
            var stored = eventStore.readEvents(customer).asStream().toList();
            assertThat(stored.get(stored.size() - 1).getPayload().toString()).contains("amount=20.29");
        }

        @Test
        void cannotRecordSameOrderTwice() {
            String body =
                    """
                    {"orderId":"o-2","lineItems":[{"sku":"A","quantity":1,"unitPrice":{"amount":5,"currency":"USD"}}]}""";
            http.post("/api/v1/customers/" + customer + "/purchases", body);

            assertProblem(http.post("/api/v1/customers/" + customer + "/purchases", body), 409, "orderId");
        }

        @Test
        void rejectsMixedCurrencies() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/purchases",
                    """
                    {"lineItems":[{"sku":"A","quantity":1,"unitPrice":{"amount":5,"currency":"USD"}},
                                  {"sku":"B","quantity":1,"unitPrice":{"amount":5,"currency":"EUR"}}]}""");

            assertProblem(response, 422, "lineItems[1].unitPrice.currency");
        }

        @Test
        void rejectsCurrencyThatIsNotIso4217() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/purchases",
                    """
                    {"lineItems":[{"sku":"A","quantity":1,"unitPrice":{"amount":5,"currency":"QQQ"}}]}""");

            assertProblem(response, 422, "lineItems[0].unitPrice.currency");
        }

        @Test
        void rejectsPurchaseWithoutLineItems() {
            assertProblem(
                    http.post("/api/v1/customers/" + customer + "/purchases", "{\"lineItems\":[]}"), 400, "lineItems");
        }

        @Test
        void rejectsNonPositiveQuantity() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/purchases",
                    """
                    {"lineItems":[{"sku":"A","quantity":0,"unitPrice":{"amount":5,"currency":"USD"}}]}""");

            assertProblem(response, 400, "lineItems[0].quantity");
        }
    }

    @Nested
    class Complaints {

        String file(String complaintId) {
            return """
                    {"complaintId":"%s","channel":"EMAIL","category":"DELIVERY","severity":"HIGH",
                     "description":"Parcel arrived damaged"}"""
                    .formatted(complaintId);
        }

        @Test
        void filesRespondsAndResolvesComplaint() {
            String base = "/api/v1/customers/" + customer + "/complaints";
            var filed = http.post(base, file("cmp-1"));
            var responded = http.post(
                    base + "/cmp-1/responses",
                    """
                    {"repId":"%s","message":"Sorry, a replacement ships today"}"""
                            .formatted(owner));
            var resolved = http.post(
                    base + "/cmp-1/resolution",
                    """
                    {"repId":"%s","resolution":"Replacement delivered","satisfaction":5}"""
                            .formatted(owner));

            assertThat(filed.status()).isEqualTo(201);
            assertThat(filed.json().get("complaintId").asText()).isEqualTo("cmp-1");
            assertThat(responded.status()).isEqualTo(201);
            assertThat(responded.json().get("version").asLong()).isEqualTo(2);
            assertThat(resolved.status()).isEqualTo(200);
            assertThat(resolved.json().get("version").asLong()).isEqualTo(3);
        }

        @Test
        void cannotFileSameComplaintIdTwice() {
            String base = "/api/v1/customers/" + customer + "/complaints";
            http.post(base, file("cmp-2"));

            assertProblem(http.post(base, file("cmp-2")), 409, "complaintId");
        }

        @Test
        void cannotRespondToUnknownComplaint() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/complaints/nope/responses",
                    """
                    {"repId":"%s","message":"hello"}""".formatted(owner));

            assertProblem(response, 404, "complaintId");
        }

        @Test
        void cannotResolveUnknownComplaint() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/complaints/nope/resolution",
                    """
                    {"repId":"%s","resolution":"done"}""".formatted(owner));

            assertProblem(response, 404, "complaintId");
        }

        @Test
        void cannotRespondToOrResolveResolvedComplaint() {
            String base = "/api/v1/customers/" + customer + "/complaints";
            http.post(base, file("cmp-3"));
            http.post(
                    base + "/cmp-3/resolution",
                    """
                    {"repId":"%s","resolution":"Refunded"}""".formatted(owner));

            var respond = http.post(
                    base + "/cmp-3/responses",
                    """
                    {"repId":"%s","message":"late"}""".formatted(owner));
            var resolveAgain = http.post(
                    base + "/cmp-3/resolution",
                    """
                    {"repId":"%s","resolution":"again"}""".formatted(owner));

            assertProblem(respond, 422, "complaintId");
            assertProblem(resolveAgain, 422, "complaintId");
            assertThat(storedEvents(customer)).isEqualTo(3);
        }

        @Test
        void rejectsUnknownSeverity() {
            var response = http.post(
                    "/api/v1/customers/" + customer + "/complaints",
                    """
                    {"channel":"EMAIL","category":"X","severity":"APOCALYPTIC","description":"d"}""");

            assertProblem(response, 400, "severity");
        }
    }

    @Nested
    class Reassignment {

        String reassign(String to) {
            return """
                    {"toRepId":"%s","reason":"DEVELOPMENT_HANDOVER","handoverNote":"Promised a visit in May"}"""
                    .formatted(to);
        }

        @Test
        void reassignsToAnotherActiveRep() {
            var response = http.put("/api/v1/customers/" + customer + "/owner", reassign(otherRep));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("version").asLong()).isEqualTo(1);
        }

        @Test
        void cannotReassignToCurrentOwner() {
            assertProblem(http.put("/api/v1/customers/" + customer + "/owner", reassign(owner)), 422, "toRepId");
        }

        @Test
        void cannotReassignToUnknownRep() {
            var response = http.put("/api/v1/customers/" + customer + "/owner", reassign("ghost-rep"));

            assertProblem(response, 422, "toRepId");
            assertThat(response.json().get("code").asText()).isEqualTo("unknown-rep");
        }

        @Test
        void requiresReason() {
            var response = http.put(
                    "/api/v1/customers/" + customer + "/owner",
                    """
                    {"toRepId":"%s"}""".formatted(otherRep));

            assertProblem(response, 400, "reason");
        }

        @Test
        void answers404ForUnknownCustomer() {
            assertProblem(http.put("/api/v1/customers/ghost-3/owner", reassign(otherRep)), 404, null);
        }
    }
}
