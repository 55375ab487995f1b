package com.customertimeline.app;

import com.customertimeline.api.CommandAccepted;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the OpenAPI description tell the truth about answers: the success status each command really
 * returns (201, 200 or 202, with the {@code CommandAccepted} body) instead of springdoc's guessed 200,
 * and the error statuses every endpoint may answer, each with the one problem+json schema. Kept here,
 * not in annotations on the controllers, so the contract of all endpoints reads in one place.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiStatuses {

    static final String PROBLEM = "Problem";
    static final String ACCEPTED = "CommandAccepted";

    /** Success status of each command, by method and path template. */
    static final Map<String, String> COMMAND_SUCCESS = Map.ofEntries(
            Map.entry("POST /api/v1/reps", "201"),
            Map.entry("POST /api/v1/reps/{repId}/departure", "202"),
            Map.entry("POST /api/v1/customers", "201"),
            Map.entry("PATCH /api/v1/customers/{customerId}/card", "200"),
            Map.entry("POST /api/v1/customers/{customerId}/interactions", "201"),
            Map.entry("POST /api/v1/customers/{customerId}/follow-ups/{interactionId}/completion", "200"),
            Map.entry("POST /api/v1/customers/{customerId}/purchases", "201"),
            Map.entry("POST /api/v1/customers/{customerId}/complaints", "201"),
            Map.entry("POST /api/v1/customers/{customerId}/complaints/{complaintId}/responses", "201"),
            Map.entry("POST /api/v1/customers/{customerId}/complaints/{complaintId}/resolution", "200"),
            Map.entry("PUT /api/v1/customers/{customerId}/owner", "200"),
            Map.entry("POST /api/v1/customers/{customerId}/handover/acknowledgement", "200"),
            Map.entry("POST /api/v1/customers/{customerId}/erasure", "200"));

    private static final Map<String, String> COMMAND_ERRORS = ordered(
            "400",
                    "Malformed JSON, a value of the wrong type, an invalid field (code invalid-request or malformed-request)",
            "404", "No such customer, rep, complaint or interaction (code not-found, unknown-complaint, …)",
            "409", "Id already used, concurrent change, or the Idempotency-Key still in progress",
            "415", "Content-Type other than application/json (code unsupported-media-type)",
            "422",
                    "A business rule refuses the command (e.g. unknown-rep, rep-departed, before-registration,"
                            + " amount-too-large, idempotency-key-reused)",
            "503", "Read models are behind (code read-models-behind, with Retry-After): retry, nothing was written");

    private static final Map<String, String> READ_ERRORS = ordered(
            "400", "An invalid parameter (code invalid-request, field names it)",
            "404", "No such customer or rep (code not-found)",
            "406", "The Accept header rules out application/json (code not-acceptable)",
            "422", "minVersion beyond the customer's history (code unknown-version, field minVersion)",
            "503", "The read model has not reached minVersion in time (code read-model-behind, with Retry-After)");

    @Bean
    OpenApiCustomizer statusesAndProblems() {
        return openApi -> {
            components(openApi);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String key = method.name() + " " + path;
                if (COMMAND_SUCCESS.containsKey(key)) {
                    describeCommand(operation, COMMAND_SUCCESS.get(key));
                } else if (method == PathItem.HttpMethod.GET && path.startsWith("/api/v1/")) {
                    boolean waits = operation.getParameters() != null
                            && operation.getParameters().stream().anyMatch(p -> "minVersion".equals(p.getName()));
                    Map<String, String> errors = new LinkedHashMap<>(READ_ERRORS);
                    if (!waits) {
                        errors.keySet().removeAll(List.of("422", "503"));
                    }
                    errors(operation.getResponses(), errors);
                }
                errors(operation.getResponses(), ordered("500", "Unexpected failure (code internal)"));
            }));
        };
    }

    private static void describeCommand(Operation operation, String success) {
        ApiResponses responses = new ApiResponses();
        ApiResponse ok = new ApiResponse()
                .description(
                        switch (success) {
                            case "201" -> "Recorded; Location names the new entity";
                            case "202" -> "Accepted; the reassignments run in the background (GET the same path)";
                            default -> "Recorded";
                        })
                .content(new Content()
                        .addMediaType(
                                "application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ACCEPTED))));
        responses.addApiResponse(success, ok);
        errors(responses, COMMAND_ERRORS);
        responses.get("503").addHeaderObject("Retry-After", new Header().schema(new IntegerSchema()));
        operation.setResponses(responses);
    }

    private static void errors(ApiResponses responses, Map<String, String> errors) {
        errors.forEach((status, description) -> responses.addApiResponse(
                status,
                new ApiResponse()
                        .description(description)
                        .content(new Content()
                                .addMediaType(
                                        "application/problem+json",
                                        new MediaType()
                                                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))));
    }

    private static void components(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        ModelConverters.getInstance().read(CommandAccepted.class).forEach(openApi.getComponents()::addSchemas);
        Schema<?> fieldError =
                new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema());
        openApi.getComponents()
                .addSchemas(
                        PROBLEM,
                        new ObjectSchema()
                                .description("RFC 9457 problem details, the same on every endpoint")
                                .addProperty(
                                        "type",
                                        new StringSchema()
                                                .format("uri")
                                                .example("urn:customer-timeline:problem:unknown-rep"))
                                .addProperty("title", new StringSchema().example("Unprocessable Entity"))
                                .addProperty("status", new IntegerSchema().example(422))
                                .addProperty("detail", new StringSchema().example("no rep rep-7 is registered"))
                                .addProperty("instance", new StringSchema().format("uri-reference"))
                                .addProperty(
                                        "code",
                                        new StringSchema()
                                                .description("Stable; what a program switches on")
                                                .example("unknown-rep"))
                                .addProperty(
                                        "field",
                                        new StringSchema()
                                                .description(
                                                        "The input at fault, when one is (a JSON path, parameter or header)")
                                                .example("repId"))
                                .addProperty("errors", new ArraySchema().items(fieldError))
                                .required(List.of("type", "title", "status", "code")));
    }

    private static Map<String, String> ordered(String... statusAndDescription) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < statusAndDescription.length; i += 2) {
            map.put(statusAndDescription[i], statusAndDescription[i + 1]);
        }
        return map;
    }
}
