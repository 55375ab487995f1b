package com.customertimeline.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.customertimeline.support.TestCallers;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every read that shows a customer's data leaves one entry in the read-access log, with who, which
 * view and from where; refused reads and reads of unknown customers leave none. Auditors query it.
 */
class ReadAccessLogIT extends PostgresBackedServiceIT {

    @Test
    void eachCustomerReadIsLoggedOnceAndRefusedReadsAreNot() {
        String run = unique("log");
        String rep = run + "-rep";
        String stranger = run + "-stranger";
        for (String id : List.of(rep, stranger)) {
            assertThat(http.post(
                                    "/api/v1/reps",
                                    "{\"repId\":\"%s\",\"displayName\":\"R\",\"team\":\"t-%s\"}".formatted(id, id))
                            .status())
                    .isEqualTo(201);
        }
        String customer = run + "-c";
        var registered = http.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Logged Ltd %s\"}}"
                        .formatted(customer, rep, run));
        long version = registered.json().path("version").asLong();
        TestCallers.person(anonymous, run + "-u", "a-long-enough-password", rep, null, "REP");
        TestCallers.person(anonymous, run + "-s", "a-long-enough-password", stranger, null, "REP");
        Http owner = anonymous.withBearer(TestCallers.token(anonymous, run + "-u", "a-long-enough-password"));
        Http other = anonymous.withBearer(TestCallers.token(anonymous, run + "-s", "a-long-enough-password"));
        Http auditor = anonymous.withBearer(
                TestCallers.token(anonymous, run + "-aud", TestCallers.client(anonymous, run + "-aud", "AUDITOR")));

        assertThat(owner.get("/api/v1/customers/" + customer + "?minVersion=" + version)
                        .status())
                .isEqualTo(200);
        assertThat(owner.get("/api/v1/customers/" + customer + "/timeline").status())
                .isEqualTo(200);
        assertThat(owner.get("/api/v1/customers?q=" + run).json().path("items").size())
                .isEqualTo(1);
        assertThat(other.get("/api/v1/customers/" + customer).status()).isEqualTo(403);
        assertThat(other.get("/api/v1/customers?q=" + run).json().path("items").size())
                .isZero();
        assertThat(owner.get("/api/v1/customers/" + run + "-unknown").status()).isEqualTo(403);

        JsonNode page =
                auditor.get("/api/v1/audit/reads?customerId=" + customer).json();
        List<String> entries = new ArrayList<>();
        page.path("items").forEach(entry -> {
            entries.add(
                    entry.path("principal").asText() + " " + entry.path("view").asText());
            assertThat(entry.path("from").asText()).isEqualTo("127.0.0.1");
            assertThat(entry.path("readAt").asText()).isNotBlank();
        });
        assertThat(entries).containsExactly(run + "-u summary", run + "-u timeline", run + "-u search-hit");
        assertThat(auditor.get("/api/v1/audit/reads?principal=" + run + "-s")
                        .json()
                        .path("items")
                        .size())
                .isZero();
        assertThat(auditor.get("/api/v1/audit/reads?from=yesterday").status()).isEqualTo(400);
        assertThat(owner.get("/api/v1/audit/reads").status()).isEqualTo(403);
    }
}
