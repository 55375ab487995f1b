package com.customertimeline.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.FormSession;
import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.customertimeline.support.TestCallers;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workspace's forms as a person sends them, without a browser: each records the API's event with
 * the signed-in person as the rep and the actor; bad input is answered on the page beside its field,
 * with a 4xx status, and records nothing.
 */
class WorkspaceFormsIT extends PostgresBackedServiceIT {

    private static final String PASSWORD = "a-long-enough-password";

    private String rep;
    private String otherRep;
    private String customer;
    private FormSession person;

    @BeforeEach
    void repAndCustomer() {
        String run = unique("f");
        rep = run + "-rep";
        otherRep = run + "-other";
        String team = run + "-team";
        for (String id : List.of(rep, otherRep)) {
            assertThat(http.post(
                                    "/api/v1/reps",
                                    "{\"repId\":\"%s\",\"displayName\":\"%s\",\"team\":\"%s\"}".formatted(id, id, team))
                            .status())
                    .isEqualTo(201);
        }
        customer = run + "-cust";
        assertThat(http.post(
                                "/api/v1/customers",
                                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Forms Ltd\"}}"
                                        .formatted(customer, rep))
                        .status())
                .isEqualTo(201);
        Http.Response complaint = http.post(
                "/api/v1/customers/" + customer + "/complaints",
                "{\"complaintId\":\"k1\",\"channel\":\"EMAIL\",\"category\":\"Delivery\",\"severity\":\"HIGH\","
                        + "\"description\":\"Late\",\"repId\":\"%s\"}".formatted(rep));
        assertThat(complaint.status()).isEqualTo(201);
        assertThat(http.get("/api/v1/customers/" + customer + "?minVersion=1").status())
                .isEqualTo(200);
        // the reps' teams (for the reassignment rule) come from the portfolio read model
        assertThat(http.get("/api/v1/reps/" + rep + "/customers?customerId=" + customer + "&minVersion=1")
                        .status())
                .isEqualTo(200);
        TestCallers.person(anonymous, run + "-u", PASSWORD, rep, team, "MANAGER");
        person = new FormSession(port);
        assertThat(person.signIn(run + "-u", PASSWORD).status()).isEqualTo(302);
        assertThat(person.get("/workspace/customers/" + customer).status()).isEqualTo(200);
    }

    @Test
    void respondingToAndResolvingAComplaintRecordsBothAsThePerson() {
        FormSession.Page responded = person.post(
                "/workspace/customers/" + customer + "/complaints/k1/responses",
                Map.of("message", "Sorry, a new one is on its way", "idempotencyKey", "respond-" + customer));
        assertThat(responded.status()).isEqualTo(302);
        assertThat(responded.location()).contains("done=respond").contains("v=2");
        assertThat(person.get(responded.location()).body()).contains("Response recorded.");

        FormSession.Page resolved = person.post(
                "/workspace/customers/" + customer + "/complaints/k1/resolution",
                Map.of("resolution", "Replaced", "satisfaction", "4", "idempotencyKey", "resolve-" + customer));
        assertThat(resolved.status()).isEqualTo(302);
        assertThat(resolved.location()).contains("v=3");

        List<JsonNode> entries = entries(resolved);
        assertThat(entries.get(0).path("kind").asText()).isEqualTo("COMPLAINT_RESOLVED");
        assertThat(entries.get(0).path("repId").asText()).isEqualTo(rep);
        assertThat(entries.get(1).path("kind").asText()).isEqualTo("COMPLAINT_RESPONDED");
        assertThat(entries.get(1).path("detail").path("message").asText()).isEqualTo("Sorry, a new one is on its way");
    }

    @Test
    void keepingAPromiseAndReassigningWithinTheTeamAreRecorded() {
        FormSession.Page promised = person.post(
                "/workspace/customers/" + customer + "/interactions",
                Map.of(
                        "channel", "PHONE",
                        "direction", "OUTBOUND",
                        "summary", "Will send the catalogue",
                        "followUpDueAt", "2030-01-01T10:00",
                        "followUpDescription", "Send the catalogue"));
        assertThat(promised.status()).isEqualTo(302);
        String interactionId =
                entries(promised).get(0).path("detail").path("interactionId").asText();
        FormSession.Page kept = person.post(
                "/workspace/customers/" + customer + "/follow-ups/" + interactionId + "/completion",
                Map.of("note", "Sent by post"));
        assertThat(kept.status()).isEqualTo(302);
        assertThat(entries(kept).get(0).path("kind").asText()).isEqualTo("FOLLOW_UP_COMPLETED");

        FormSession.Page moved = person.post(
                "/workspace/customers/" + customer + "/owner",
                Map.of("toRepId", otherRep, "reason", "WORKLOAD_BALANCING", "handoverNote", "Prefers mornings"));
        assertThat(moved.status()).isEqualTo(302);
        JsonNode handover = entries(moved).get(0);
        assertThat(handover.path("kind").asText()).isEqualTo("REASSIGNED");
        assertThat(handover.path("detail").path("handoverNote").asText()).isEqualTo("Prefers mornings");
    }

    @Test
    void badInputIsAnsweredBesideItsFieldAndRecordsNothing() {
        long before = version();
        List<String> problems = new ArrayList<>();
        check(
                problems,
                "blank summary",
                Map.of("channel", "PHONE", "direction", "INBOUND", "summary", " "),
                400,
                "summary-error");
        check(
                problems,
                "summary too long",
                Map.of("channel", "PHONE", "direction", "INBOUND", "summary", "x".repeat(4001)),
                400,
                "summary-error");
        check(
                problems,
                "satisfaction 9",
                Map.of("channel", "PHONE", "direction", "INBOUND", "summary", "ok", "satisfaction", "9"),
                400,
                "field-error");
        check(
                problems,
                "due date not a date",
                Map.of("channel", "PHONE", "direction", "INBOUND", "summary", "ok", "followUpDueAt", "tomorrow"),
                400,
                "followUpDueAt-error");
        check(
                problems,
                "promise without a due date",
                Map.of("channel", "PHONE", "direction", "INBOUND", "summary", "ok", "followUpDescription", "call"),
                400,
                "followUpDueAt-error");
        check(
                problems,
                "unknown channel",
                Map.of("channel", "PIGEON", "direction", "INBOUND", "summary", "ok"),
                400,
                "That request could not be read");
        FormSession.Page resolvedTwice = person.post(
                "/workspace/customers/" + customer + "/complaints/nope/resolution", Map.of("resolution", "done"));
        if (resolvedTwice.status() < 400
                || resolvedTwice.status() >= 500
                || !resolvedTwice.body().contains("notice error")) {
            problems.add("unknown complaint: " + resolvedTwice.status());
        }
        FormSession.Page outsideTeam = person.post(
                "/workspace/customers/" + customer + "/owner",
                Map.of("toRepId", "nobody-" + customer, "reason", "OTHER"));
        if (outsideTeam.status() != 403 && outsideTeam.status() != 422 && outsideTeam.status() != 404) {
            problems.add("reassign to a stranger: " + outsideTeam.status());
        }
        assertThat(problems).isEmpty();
        assertThat(version()).isEqualTo(before);
    }

    private void check(List<String> problems, String name, Map<String, String> form, int status, String shown) {
        FormSession.Page page = person.post("/workspace/customers/" + customer + "/interactions", form);
        if (page.status() != status || !page.body().contains(shown)) {
            problems.add(name + ": " + page.status() + (page.body().contains(shown) ? "" : " without " + shown));
        }
        if (page.body().contains("Exception")) {
            problems.add(name + ": a stack trace reached the page");
        }
    }

    private long version() {
        return http.get("/api/v1/customers/" + customer).json().path("version").asLong();
    }

    /** The timeline once it shows the version an accepted form's redirect names ({@code v=}). */
    private List<JsonNode> entries(FormSession.Page accepted) {
        java.util.regex.Matcher v =
                java.util.regex.Pattern.compile("[?&]v=(\\d+)").matcher(accepted.location());
        assertThat(v.find()).as(accepted.location()).isTrue();
        long version = Long.parseLong(v.group(1));
        List<JsonNode> entries = new ArrayList<>();
        http.get("/api/v1/customers/" + customer + "/timeline?minVersion=" + version)
                .json()
                .path("entries")
                .forEach(entries::add);
        return entries;
    }
}
