package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.PostgresBackedServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published OpenAPI description states the statuses the service really answers with. */
class OpenApiDocumentationIT extends PostgresBackedServiceIT {

    private static final String PROBLEM = "#/components/schemas/Problem";

    JsonNode operation(JsonNode api, String method, String path) {
        JsonNode operation = api.path("paths").path(path).path(method);
        assertThat(operation.isMissingNode()).as(method + " " + path).isFalse();
        return operation.path("responses");
    }

    static String problemSchema(JsonNode response) {
        return response.path("content")
                .path("application/problem+json")
                .path("schema")
                .path("$ref")
                .asText();
    }

    @Test
    void commandsDocumentTheirRealSuccessStatusAndTheirProblems() {
        JsonNode api = http.get("/v3/api-docs").json();

        assertThat(operation(api, "post", "/api/v1/customers").has("201")).isTrue();
        assertThat(operation(api, "post", "/api/v1/customers").has("200")).isFalse();
        assertThat(operation(api, "post", "/api/v1/reps/{repId}/departure").has("202"))
                .isTrue();
        assertThat(operation(api, "put", "/api/v1/customers/{customerId}/owner").has("200"))
                .isTrue();
        JsonNode interactions = operation(api, "post", "/api/v1/customers/{customerId}/interactions");
        assertThat(interactions
                        .path("201")
                        .path("content")
                        .path("application/json")
                        .path("schema")
                        .path("$ref")
                        .asText())
                .isEqualTo("#/components/schemas/CommandAccepted");
        for (String status : List.of("400", "404", "409", "415", "422", "503")) {
            assertThat(problemSchema(interactions.path(status))).as(status).isEqualTo(PROBLEM);
        }
        assertThat(interactions.path("503").path("headers").has("Retry-After")).isTrue();
    }

    @Test
    void everyCommandEndpointIsDescribed() {
        JsonNode api = http.get("/v3/api-docs").json();
        List<String> undocumented = new ArrayList<>();
        api.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                    boolean command = List.of("post", "put", "patch").contains(op.getKey());
                    if (command
                            && !path.getKey().startsWith("/api/v1/admin")
                            && !path.getKey().startsWith("/api/v1/auth")
                            && op.getValue().path("responses").has("200")
                            && !op.getValue()
                                    .path("responses")
                                    .path("200")
                                    .path("content")
                                    .path("application/json")
                                    .path("schema")
                                    .path("$ref")
                                    .asText()
                                    .endsWith("CommandAccepted")) {
                        undocumented.add(op.getKey() + " " + path.getKey());
                    }
                }));
        assertThat(undocumented).isEmpty();
    }

    @Test
    void readsDocumentUnknownVersionAndTheProblemSchema() {
        JsonNode api = http.get("/v3/api-docs").json();
        JsonNode summary = operation(api, "get", "/api/v1/customers/{customerId}");

        assertThat(summary.has("200")).isTrue();
        for (String status : List.of("400", "404", "406", "422", "503")) {
            assertThat(problemSchema(summary.path(status))).as(status).isEqualTo(PROBLEM);
        }
        JsonNode problem =
                api.path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.has("code")).isTrue();
        assertThat(problem.has("field")).isTrue();
        assertThat(problem.has("type")).isTrue();
    }
}
