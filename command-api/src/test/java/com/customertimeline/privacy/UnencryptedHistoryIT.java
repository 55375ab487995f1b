package com.customertimeline.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.customertimeline.support.TestCallers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A customer whose events were stored before personal data was encrypted still reads as before, and
 * their erasure is refused with 409 instead of being reported done while their plaintext stays stored.
 */
class UnencryptedHistoryIT extends PostgresBackedServiceIT {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCustomerWithPlaintextEventsIsReadButNotFalselyErased() {
        String rep = unique("rep");
        String customer = unique("legacy");
        Http.Response registeredRep =
                http.post("/api/v1/reps", "{\"repId\":\"%s\",\"displayName\":\"Rep\",\"team\":\"t\"}".formatted(rep));
        assertThat(registeredRep.status()).isEqualTo(201);
        Http.Response registered = http.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Sealed Name\"}}"
                        .formatted(customer, rep));
        assertThat(registered.status()).isEqualTo(201);

        String stored = new String(
                jdbc.queryForObject(
                        "SELECT payload FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 0",
                        byte[].class,
                        customer),
                StandardCharsets.UTF_8);
        assertThat(stored).as("stored encrypted").doesNotContain("Sealed Name").contains("\"pd1:" + customer + ":");

        // as an earlier version stored it: the card in plaintext
        String legacy = stored.replaceFirst("\"name\":\"pd1:[^\"]+\"", "\"name\":\"Old Plain Name\"");
        assertThat(legacy).contains("Old Plain Name");
        jdbc.update(
                "UPDATE domainevententry SET payload = ? WHERE aggregateidentifier = ? AND sequencenumber = 0",
                legacy.getBytes(StandardCharsets.UTF_8),
                customer);
        jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?", customer);

        Http.Response export = TestCallers.admin(anonymous).get("/api/v1/customers/" + customer + "/personal-data");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.raw().body())
                .as("plaintext of old events is read as it is")
                .contains("Old Plain Name");

        Http.Response refused = TestCallers.admin(anonymous)
                .post("/api/v1/customers/" + customer + "/erasure", "{\"reason\":\"request 7\"}");
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("unencrypted-history");
        assertThat(refused.json().path("field").asText()).isEqualTo("customerId");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, customer))
                .as("nothing recorded")
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM customer_data_key WHERE customer_id = ? AND wrapped_key IS NOT NULL",
                        Long.class,
                        customer))
                .as("the key is kept")
                .isEqualTo(1L);
    }
}
