package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.PostgresBackedServiceIT;
import org.junit.jupiter.api.Test;

class RepCommandApiIT extends PostgresBackedServiceIT {

    @Test
    void registersRepAndAnswersWithVersionZero() {
        String repId = unique("rep");
        var response = http.post(
                "/api/v1/reps",
                """
                {"repId":"%s","displayName":"Ann Lee","team":"customer-development"}"""
                        .formatted(repId));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("repId").asText()).isEqualTo(repId);
        assertThat(response.json().get("version").asLong()).isZero();
        assertThat(response.header("Location")).isEqualTo("/api/v1/reps/" + repId);
    }

    @Test
    void cannotRegisterSameRepTwice() {
        String repId = unique("rep");
        String body = """
                {"repId":"%s","displayName":"Ann Lee"}""".formatted(repId);
        http.post("/api/v1/reps", body);

        var second = http.post("/api/v1/reps", body);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.json().get("code").asText()).isEqualTo("rep-already-registered");
        assertThat(second.json().get("field").asText()).isEqualTo("repId");
    }

    @Test
    void generatesRepIdWhenNoneGiven() {
        var response = http.post("/api/v1/reps", """
                {"displayName":"Bo Chen"}""");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("repId").asText()).hasSize(36);
    }

    @Test
    void rejectsBlankDisplayNameWithFieldNamed() {
        var response = http.post(
                "/api/v1/reps", """
                {"repId":"%s","displayName":"  "}""".formatted(unique("rep")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo("displayName");
    }
}
