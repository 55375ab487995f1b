package com.customertimeline.departure;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The day-one story: a rep with a customer full of history leaves, the successor reads the brief,
 * acknowledges it, and a supervisor checks what the previous owner could see at the handover.
 */
class HandoverBriefIT extends PostgresBackedServiceIT {

    @Autowired
    EventStore eventStore;

    @Test
    void successorGetsCompleteBriefAcknowledgesItAndAsOfShowsWhatThePreviousOwnerSaw() throws Exception {
        String leaver = unique("leaver");
        String heir = unique("heir");
        String customer = unique("cust");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        http.post("/api/v1/reps", "{\"repId\":\"%s\",\"displayName\":\"Lena\"}".formatted(leaver));
        http.post("/api/v1/reps", "{\"repId\":\"%s\",\"displayName\":\"Hugo\"}".formatted(heir));
        long version = post(
                "/api/v1/customers",
                """
                {"customerId":"%s","ownerRepId":"%s","occurredAt":"%s",
                 "card":{"name":"Greta Berg","company":"Berg Logistik","position":"COO",
                         "contacts":[{"type":"PHONE","value":"+49 40 123456"}]}}"""
                        .formatted(customer, leaver, now.minus(Duration.ofDays(60))));
        String base = "/api/v1/customers/" + customer;
        version = post(
                base + "/interactions",
                interaction(
                        leaver,
                        "call-1",
                        now.minus(Duration.ofDays(20)),
                        5,
                        """
                ,"followUp":{"dueAt":"%s","description":"Send revised price list"}"""
                                .formatted(now.minus(Duration.ofDays(5)))));
        version = post(
                base + "/interactions",
                interaction(
                        leaver,
                        "visit-1",
                        now.minus(Duration.ofDays(10)),
                        3,
                        """
                ,"followUp":{"dueAt":"%s","description":"Invite to the spring fair"}"""
                                .formatted(now.plus(Duration.ofDays(30)))));
        version = post(
                base + "/purchases",
                """
                {"orderId":"o-1","repId":"%s","occurredAt":"%s",
                 "lineItems":[{"sku":"PALLET-1","quantity":4,"unitPrice":{"amount":"125.50","currency":"EUR"}}]}"""
                        .formatted(leaver, now.minus(Duration.ofDays(15))));
        version = post(
                base + "/complaints",
                """
                {"complaintId":"late-delivery","channel":"EMAIL","category":"DELIVERY","severity":"HIGH",
                 "description":"Two pallets arrived a week late","occurredAt":"%s"}"""
                        .formatted(now.minus(Duration.ofDays(8))));
        version = post(
                base + "/complaints/late-delivery/responses",
                """
                {"repId":"%s","message":"Checking with the carrier","occurredAt":"%s"}"""
                        .formatted(leaver, now.minus(Duration.ofDays(6))));

        // what the owner sees just before leaving
        JsonNode seenByLeaver = http.get(base + "?minVersion=" + version).json();
        assertThat(seenByLeaver.path("owner").path("repId").asText()).isEqualTo(leaver);

        var departure = http.post(
                "/api/v1/reps/" + leaver + "/departure",
                """
                {"reason":"Joined a competitor","successorRepId":"%s"}""".formatted(heir));
        assertThat(departure.status()).isEqualTo(202);
        awaitDeparture(leaver);

        JsonNode brief =
                http.get(base + "/handover?minVersion=" + (version + 1)).json();
        assertThat(brief.path("card").path("company").asText()).isEqualTo("Berg Logistik");
        assertThat(brief.path("stage").asText()).isEqualTo("PURCHASING");
        assertThat(brief.path("value").path("purchaseCount").asInt()).isEqualTo(1);
        assertThat(brief.path("value").path("totalSpend").get(0).path("amount").decimalValue())
                .isEqualByComparingTo("502.00");
        assertThat(brief.path("value").path("lastPurchase").path("orderId").asText())
                .isEqualTo("o-1");
        JsonNode complaint = brief.path("openComplaints").get(0);
        assertThat(complaint.path("complaintId").asText()).isEqualTo("late-delivery");
        assertThat(complaint.path("firstResponsePromiseBroken").asBoolean()).isTrue();
        assertThat(complaint.path("responses").get(0).path("message").asText()).isEqualTo("Checking with the carrier");
        JsonNode promises = brief.path("openFollowUps");
        assertThat(promises).hasSize(2);
        assertThat(promises.get(0).path("description").asText()).isEqualTo("Send revised price list");
        assertThat(promises.get(0).path("overdue").asBoolean()).isTrue();
        assertThat(promises.get(0).path("repId").asText()).isEqualTo(leaver);
        assertThat(promises.get(1).path("overdue").asBoolean()).isFalse();
        assertThat(brief.path("recentInteractions").get(0).path("interactionId").asText())
                .isEqualTo("visit-1");
        assertThat(brief.path("satisfaction").path("average").asDouble()).isEqualTo(4.0);
        assertThat(brief.path("satisfaction").path("shareOfFives").asDouble()).isEqualTo(0.5);
        JsonNode chain = brief.path("ownershipChain");
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).path("repId").asText()).isEqualTo(leaver);
        assertThat(chain.get(0).path("reason").asText()).isEqualTo("REP_DEPARTED");
        assertThat(chain.get(0).path("handoverNote").asText()).contains("Joined a competitor");
        assertThat(chain.get(1).path("repId").asText()).isEqualTo(heir);
        assertThat(chain.get(1).path("to").isMissingNode()
                        || chain.get(1).path("to").isNull())
                .isTrue();
        assertThat(brief.path("handover").path("acknowledged").asBoolean()).isFalse();

        JsonNode pending =
                http.get("/api/v1/reps/" + heir + "/handovers?status=pending").json();
        assertThat(customerIds(pending)).containsExactly(customer);

        var acknowledged = http.post(base + "/handover/acknowledgement", "{\"repId\":\"%s\"}".formatted(heir));
        assertThat(acknowledged.status()).isEqualTo(200);
        long acknowledgedVersion = acknowledged.json().get("version").asLong();
        JsonNode afterAck =
                http.get(base + "/handover?minVersion=" + acknowledgedVersion).json();
        assertThat(afterAck.path("handover").path("acknowledged").asBoolean()).isTrue();
        assertThat(afterAck.path("handover").path("acknowledgedBy").asText()).isEqualTo(heir);
        assertThat(customerIds(http.get("/api/v1/reps/" + heir + "/handovers?status=pending&minVersion="
                                + acknowledgedVersion + "&customerId=" + customer)
                        .json()))
                .doesNotContain(customer);

        // a backdated import recorded after the handover must not appear in an as-of view before it
        long imported = post(
                base + "/interactions", interaction(heir, "imported-old-call", now.minus(Duration.ofDays(30)), 1, ""));

        Instant reassignedAt = recordedAt(customer, CustomerReassigned.class);
        JsonNode justBefore =
                http.get(base + "?asOf=" + reassignedAt.minusNanos(1)).json();
        JsonNode atReassignment = http.get(base + "?asOf=" + reassignedAt).json();
        assertThat(withoutReadTime(justBefore)).isEqualTo(withoutReadTime(seenByLeaver));
        assertThat(atReassignment.path("owner").path("repId").asText()).isEqualTo(heir);
        assertThat(atReassignment.path("interactionCount").asInt()).isEqualTo(2);
        assertThat(http.get(base + "?minVersion=" + imported)
                        .json()
                        .path("interactionCount")
                        .asInt())
                .isEqualTo(3);

        JsonNode timelineThen =
                http.get(base + "/timeline?asOf=" + reassignedAt.minusNanos(1)).json();
        assertThat(timelineThen.path("entries")).hasSize(6);
        assertThat(http.get(base + "/timeline?asOf=2000-01-01T00:00:00Z").status())
                .isEqualTo(404);

        JsonNode briefBefore =
                http.get(base + "/handover?asOf=" + reassignedAt.minusNanos(1)).json();
        assertThat(briefBefore.path("ownershipChain")).hasSize(1);
        assertThat(briefBefore.path("ownershipChain").get(0).path("repId").asText())
                .isEqualTo(leaver);
        JsonNode briefAfterAck = http.get(base + "/handover?asOf=" + recordedAt(customer, HandoverAcknowledged.class))
                .json();
        assertThat(briefAfterAck.path("ownershipChain")).hasSize(2);
        assertThat(briefAfterAck.path("handover").path("acknowledgedBy").asText())
                .isEqualTo(heir);
        assertThat(briefAfterAck.path("recentInteractions").findValuesAsText("interactionId"))
                .doesNotContain("imported-old-call");
        assertThat(http.get(base + "/handover?asOf=2000-01-01T00:00:00Z").status())
                .isEqualTo(404);
    }

    private long post(String path, String body) {
        var response = http.post(path, body);
        assertThat(response.status()).as(path + " " + response.json()).isIn(200, 201);
        return response.json().get("version").asLong();
    }

    private static String interaction(String rep, String id, Instant at, int satisfaction, String extra) {
        return """
                {"interactionId":"%s","channel":"PHONE","direction":"INBOUND","repId":"%s",
                 "summary":"Talked about next quarter","satisfaction":%d,"occurredAt":"%s"%s}"""
                .formatted(id, rep, satisfaction, at, extra);
    }

    private void awaitDeparture(String repId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var status = http.get("/api/v1/reps/" + repId + "/departure");
            if (status.status() == 200 && status.json().get("complete").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("departure of " + repId + " did not complete");
    }

    private Instant recordedAt(String customerId, Class<?> eventType) {
        return eventStore
                .readEvents(customerId, 0)
                .asStream()
                .filter(event -> event.getPayloadType().equals(eventType))
                .map(DomainEventMessage::getTimestamp)
                .findFirst()
                .orElseThrow();
    }

    private static List<String> customerIds(JsonNode pending) {
        List<String> ids = new ArrayList<>();
        pending.path("customers").forEach(c -> ids.add(c.path("customerId").asText()));
        return ids;
    }

    /** The summary minus the instant it was computed for (the one field that differs by design). */
    private static JsonNode withoutReadTime(JsonNode summary) {
        ObjectNode copy = summary.deepCopy();
        copy.remove("asOf");
        return copy;
    }
}
