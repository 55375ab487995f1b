package com.customertimeline.departure;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Portfolio;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A rep leaves: every customer they owned gets exactly one new owner, spread by load. */
class RepDepartureIT extends PostgresBackedServiceIT {

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void departureOfRepWith2000CustomersSpreadsThemOver3SuccessorsWithinOne() throws Exception {
        String leaver = unique("leaver");
        List<String> successors = List.of(unique("s1"), unique("s2"), unique("s3"));
        Portfolio.registerRep(commands, leaver);
        successors.forEach(s -> Portfolio.registerRep(commands, s));
        List<String> portfolio = Portfolio.registerCustomers(commands, leaver, unique("c"), 2_000);
        Portfolio.registerCustomers(commands, successors.get(0), unique("pre"), 10);
        Portfolio.registerCustomers(commands, successors.get(2), unique("pre"), 5);

        var accepted = http.post(
                "/api/v1/reps/" + leaver + "/departure",
                """
                {"reason":"Moved to another company","successorRepIds":["%s","%s","%s"]}"""
                        .formatted(successors.get(0), successors.get(1), successors.get(2)));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/reps/" + leaver + "/departure");

        JsonNode status = awaitComplete(leaver, Duration.ofSeconds(120));
        assertThat(status.get("planned").asInt()).isEqualTo(2_000);
        assertThat(status.get("done").asInt()).isEqualTo(2_000);
        assertThat(status.get("failed").asInt()).isZero();

        awaitLedgerShows(leaver, 0, Duration.ofSeconds(30));
        List<Integer> loads = successors.stream().map(this::ownedBy).toList();
        assertThat(loads.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_015);
        assertThat(loads.stream().mapToInt(Integer::intValue).max().getAsInt()
                        - loads.stream().mapToInt(Integer::intValue).min().getAsInt())
                .isLessThanOrEqualTo(1);
        assertThat(reassignmentsPerCustomer(leaver)).hasSize(2_000).allSatisfy((customer, count) -> assertThat(count)
                .isEqualTo(1));
        assertThat(reassignmentsPerCustomer(leaver).keySet()).containsExactlyInAnyOrderElementsOf(portfolio);
    }

    @Test
    void departedRepCannotBeGivenCustomers() throws Exception {
        String leaver = unique("leaver");
        String successor = unique("succ");
        Portfolio.registerRep(commands, leaver);
        Portfolio.registerRep(commands, successor);
        String customer =
                Portfolio.registerCustomers(commands, successor, unique("c"), 1).get(0);
        http.post("/api/v1/reps/" + leaver + "/departure", "{\"successorRepId\":\"%s\"}".formatted(successor));

        var reassign = http.put(
                "/api/v1/customers/" + customer + "/owner",
                """
                {"toRepId":"%s","reason":"OTHER"}""".formatted(leaver));
        var register = http.post(
                "/api/v1/customers",
                """
                {"ownerRepId":"%s","card":{"name":"Late Lead"}}""".formatted(leaver));
        var departAgain =
                http.post("/api/v1/reps/" + leaver + "/departure", "{\"successorRepId\":\"%s\"}".formatted(successor));

        assertThat(reassign.status()).isEqualTo(422);
        assertThat(reassign.json().get("code").asText()).isEqualTo("rep-departed");
        assertThat(register.status()).isEqualTo(422);
        assertThat(register.json().get("field").asText()).isEqualTo("ownerRepId");
        assertThat(departAgain.status()).isEqualTo(422);
    }

    @Test
    void departureOfUnknownRepIs404() {
        var response = http.post("/api/v1/reps/nobody-here/departure", "{\"successorRepId\":\"x\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void departureNeedsAnActiveSuccessor() {
        String leaver = unique("leaver");
        Portfolio.registerRep(commands, leaver);

        var none = http.post("/api/v1/reps/" + leaver + "/departure", "{\"reason\":\"retired\"}");
        var unknown = http.post("/api/v1/reps/" + leaver + "/departure", "{\"successorRepId\":\"ghost\"}");

        assertThat(none.status()).isEqualTo(422);
        assertThat(none.json().get("field").asText()).isEqualTo("successorRepIds");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("field").asText()).isEqualTo("successorRepIds[0]");
    }

    @Test
    void newOwnerAcknowledgesHandoverOnce() throws Exception {
        String leaver = unique("leaver");
        String successor = unique("succ");
        Portfolio.registerRep(commands, leaver);
        Portfolio.registerRep(commands, successor);
        String customer =
                Portfolio.registerCustomers(commands, leaver, unique("c"), 1).get(0);
        http.post("/api/v1/reps/" + leaver + "/departure", "{\"successorRepId\":\"%s\"}".formatted(successor));
        awaitComplete(leaver, Duration.ofSeconds(30));
        String path = "/api/v1/customers/" + customer + "/handover/acknowledgement";

        var byOldOwner = http.post(path, "{\"repId\":\"%s\"}".formatted(leaver));
        var byNewOwner = http.post(path, "{\"repId\":\"%s\"}".formatted(successor));
        var again = http.post(path, "{\"repId\":\"%s\"}".formatted(successor));

        assertThat(byOldOwner.status()).isEqualTo(422);
        assertThat(byOldOwner.json().get("code").asText()).isEqualTo("not-owner");
        assertThat(byNewOwner.status()).isEqualTo(200);
        assertThat(byNewOwner.json().get("version").asLong()).isEqualTo(2);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("code").asText()).isEqualTo("no-pending-handover");
    }

    private JsonNode awaitComplete(String repId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var status = http.get("/api/v1/reps/" + repId + "/departure");
            if (status.status() == 200 && status.json().get("complete").asBoolean()) {
                return status.json();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("departure of " + repId + " not complete within " + timeout);
    }

    private void awaitLedgerShows(String repId, int owned, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && ownedBy(repId) != owned) {
            Thread.sleep(100);
        }
        assertThat(ownedBy(repId)).isEqualTo(owned);
    }

    private int ownedBy(String repId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM ownership_ledger WHERE owner_rep_id = ?", Integer.class, repId);
    }

    private Map<String, Integer> reassignmentsPerCustomer(String fromRep) {
        return ReassignmentCounts.fromEventStore(jdbc, fromRep);
    }
}
