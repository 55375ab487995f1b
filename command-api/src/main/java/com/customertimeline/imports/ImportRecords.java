package com.customertimeline.imports;

import com.customertimeline.api.ApiProblems;
import com.customertimeline.api.CustomerCommandController;
import com.customertimeline.api.HandoverCommandController;
import com.customertimeline.api.InvalidRequestException;
import com.customertimeline.api.RepCommandController;
import com.customertimeline.api.Requests;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.Validator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * What a line of an import may hold, and the command endpoint it goes to. Each line is the request body
 * of the matching command, with {@code type} naming the command, the ids the endpoint takes from its path
 * ({@code customerId}, and {@code complaintId} or {@code interactionId} where the path has them) as
 * fields, and an optional {@code key}. It is checked by the same constraints and sent through the same
 * endpoint code, in process, as the workspace does: an imported record obeys every rule a live one does.
 * Three things differ, because an import is history: {@code occurredAt} is required, {@code imported}
 * is always true (history may predate the customer's registration), and a field the command does not
 * know is refused instead of ignored, so a typo in a migration script shows up on its line.
 *
 * <p>The line's key makes re-posting a file write nothing new: it becomes the command's idempotency key
 * ({@code import:<key>}), so a line imported before is answered from its first answer, and ids the line
 * leaves out are derived from it. Without a {@code key}, the key is the SHA-256 of the line's content.
 */
@Component
class ImportRecords {

    /** The longest line key; the stored idempotency key adds a prefix and must fit its 200 characters. */
    static final int MAX_KEY_LENGTH = 180;

    private static final String KEY_PREFIX = "import:";

    /** A checked line, ready to send: calling {@code send} runs the command and returns the endpoint's answer. */
    record Prepared(long number, String type, String key, String registeredCustomerId, Send send) {
        /** The command's Idempotency-Key: the line's key in the import's own namespace. */
        String idempotencyKey() {
            return KEY_PREFIX + key;
        }
    }

    /** The endpoint call of a prepared line. */
    @FunctionalInterface
    interface Send {
        ResponseEntity<Object> run();
    }

    /** A line refused before anything was sent. */
    static final class LineRefused extends RuntimeException {
        private final transient ProblemDetail problem;

        LineRefused(ProblemDetail problem) {
            super(problem.getDetail(), null, false, false);
            this.problem = problem;
        }

        ProblemDetail problem() {
            return problem;
        }
    }

    private record Kind(List<String> pathFields, Class<?> request, boolean historyFlag, Call call) {}

    @FunctionalInterface
    private interface Call {
        ResponseEntity<Object> send(Map<String, String> path, Object request, String key, String onBehalfOf);
    }

    private final Map<String, Kind> kinds;
    private final ObjectMapper strict;
    private final ObjectMapper canonical;
    private final Validator validator;
    private final ApiProblems problems;

    ImportRecords(
            ObjectMapper json,
            Validator validator,
            ApiProblems problems,
            CustomerCommandController customers,
            RepCommandController reps,
            HandoverCommandController handovers) {
        this.strict = json.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.canonical = json.copy()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
        this.validator = validator;
        this.problems = problems;
        this.kinds = Map.ofEntries(
                Map.entry(
                        "rep",
                        new Kind(
                                List.of(),
                                Requests.RegisterRepRequest.class,
                                false,
                                (p, r, k, o) -> reps.register((Requests.RegisterRepRequest) r, k, o))),
                Map.entry(
                        "customer",
                        new Kind(
                                List.of(),
                                Requests.RegisterCustomerRequest.class,
                                false,
                                (p, r, k, o) -> customers.register((Requests.RegisterCustomerRequest) r, k, o))),
                Map.entry(
                        "card",
                        new Kind(
                                List.of("customerId"),
                                ObjectNode.class,
                                true,
                                (p, r, k, o) -> customers.updateCard(p.get("customerId"), (ObjectNode) r, k, o))),
                Map.entry(
                        "interaction",
                        new Kind(
                                List.of("customerId"),
                                Requests.RecordInteractionRequest.class,
                                true,
                                (p, r, k, o) -> customers.recordInteraction(
                                        p.get("customerId"), (Requests.RecordInteractionRequest) r, k, o))),
                Map.entry(
                        "follow-up-completion",
                        new Kind(
                                List.of("customerId", "interactionId"),
                                Requests.CompleteFollowUpRequest.class,
                                true,
                                (p, r, k, o) -> customers.completeFollowUp(
                                        p.get("customerId"),
                                        p.get("interactionId"),
                                        (Requests.CompleteFollowUpRequest) r,
                                        k,
                                        o))),
                Map.entry(
                        "purchase",
                        new Kind(
                                List.of("customerId"),
                                Requests.RecordPurchaseRequest.class,
                                true,
                                (p, r, k, o) -> customers.recordPurchase(
                                        p.get("customerId"), (Requests.RecordPurchaseRequest) r, k, o))),
                Map.entry(
                        "complaint",
                        new Kind(
                                List.of("customerId"),
                                Requests.FileComplaintRequest.class,
                                true,
                                (p, r, k, o) -> customers.fileComplaint(
                                        p.get("customerId"), (Requests.FileComplaintRequest) r, k, o))),
                Map.entry(
                        "complaint-response",
                        new Kind(
                                List.of("customerId", "complaintId"),
                                Requests.RespondToComplaintRequest.class,
                                true,
                                (p, r, k, o) -> customers.respondToComplaint(
                                        p.get("customerId"),
                                        p.get("complaintId"),
                                        (Requests.RespondToComplaintRequest) r,
                                        k,
                                        o))),
                Map.entry(
                        "complaint-resolution",
                        new Kind(
                                List.of("customerId", "complaintId"),
                                Requests.ResolveComplaintRequest.class,
                                true,
                                (p, r, k, o) -> customers.resolveComplaint(
                                        p.get("customerId"),
                                        p.get("complaintId"),
                                        (Requests.ResolveComplaintRequest) r,
                                        k,
                                        o))),
                Map.entry(
                        "reassignment",
                        new Kind(
                                List.of("customerId"),
                                Requests.ReassignCustomerRequest.class,
                                true,
                                (p, r, k, o) -> customers.reassign(
                                        p.get("customerId"), (Requests.ReassignCustomerRequest) r, k, o))),
                Map.entry(
                        "handover-acknowledgement",
                        new Kind(
                                List.of("customerId"),
                                Requests.AcknowledgeHandoverRequest.class,
                                true,
                                (p, r, k, o) -> handovers.acknowledge(
                                        p.get("customerId"), (Requests.AcknowledgeHandoverRequest) r, k, o))));
    }

    /** The types a line may name, for error messages and the docs. */
    List<String> types() {
        return kinds.keySet().stream().sorted().toList();
    }

    /**
     * Checks one line and binds it to its endpoint.
     *
     * @throws LineRefused with the problem when the line is not a valid record
     */
    Prepared prepare(long number, String text, String onBehalfOf) {
        JsonNode parsed;
        try {
            parsed = strict.readTree(text);
        } catch (JsonProcessingException e) {
            throw refused(malformed(e));
        }
        if (!(parsed instanceof ObjectNode line)) {
            throw refused(problem("malformed-line", null, "a line must be one JSON object"));
        }
        String type = text(line, "type");
        Kind kind = type == null ? null : kinds.get(type);
        if (kind == null) {
            throw refused(problem("unknown-type", "type", "type must be one of " + String.join(", ", types())));
        }
        String key = lineKey(line);
        ObjectNode body = line.deepCopy();
        body.remove(List.of("type", "key", "imported"));
        Map<String, String> path = new java.util.HashMap<>();
        for (String field : kind.pathFields()) {
            JsonNode value = body.remove(field);
            if (value == null || !value.isTextual()) {
                throw refused(problem("invalid-request", field, field + " is required (a string) for type " + type));
            }
            path.put(field, value.asText());
        }
        if (!body.hasNonNull("occurredAt")) {
            throw refused(
                    problem("invalid-request", "occurredAt", "an imported record needs its original business time"));
        }
        if (kind.historyFlag()) {
            body.put("imported", true);
        }
        Object request = kind.request() == ObjectNode.class ? body : bind(body, kind.request());
        String idempotencyKey = KEY_PREFIX + key;
        String registered =
                request instanceof Requests.RegisterCustomerRequest registration ? registration.customerId() : null;
        return new Prepared(
                number, type, key, registered, () -> kind.call().send(path, request, idempotencyKey, onBehalfOf));
    }

    /** The problem the API answers for an exception a line's command threw, in the line's words. */
    ProblemDetail describe(RuntimeException e) {
        if (e instanceof LineRefused refused) {
            return refused.problem();
        }
        ProblemDetail problem = problems.describe(e);
        Object code =
                problem.getProperties() == null ? null : problem.getProperties().get("code");
        if ("idempotency-key-reused".equals(code)) {
            return problem(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "import-key-reused",
                    "key",
                    "a line with this key was imported before with different content; give the line a new key");
        }
        return problem;
    }

    private Object bind(ObjectNode body, Class<?> type) {
        Object request;
        try {
            request = strict.treeToValue(body, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw refused(malformed(e));
        }
        List<ApiProblems.FieldError> errors = validator.validate(request).stream()
                .map(v -> new ApiProblems.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(ApiProblems.FieldError::field))
                .toList();
        if (!errors.isEmpty()) {
            throw refused(problems.describe(new InvalidRequestException(errors)));
        }
        return request;
    }

    private String lineKey(ObjectNode line) {
        JsonNode given = line.get("key");
        if (given == null || given.isNull()) {
            try {
                byte[] content = canonical.writeValueAsBytes(canonical.treeToValue(line, Object.class));
                return "sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            } catch (JsonProcessingException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot fingerprint an import line", e);
            }
        }
        String key = given.isTextual() ? given.asText() : null;
        if (key == null
                || key.isBlank()
                || key.length() > MAX_KEY_LENGTH
                || key.chars().anyMatch(Character::isISOControl)) {
            throw refused(
                    problem("invalid-request", "key", "key must be a string of 1-" + MAX_KEY_LENGTH + " characters"));
        }
        return key;
    }

    private static String text(ObjectNode line, String field) {
        JsonNode value = line.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** The problem of a line that could not be read as text at all. */
    static ProblemDetail malformedLine(String why) {
        return problem("malformed-line", null, why);
    }

    private static ProblemDetail malformed(Exception e) {
        String field = null;
        String detail = "the line is not valid JSON for its type";
        String repeated = ApiProblems.repeatedName(e);
        if (repeated != null) {
            return problem("malformed-line", repeated, "field '" + repeated + "' is given more than once");
        }
        Throwable cause = e instanceof IllegalArgumentException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = ApiProblems.path(mapping.getPath());
            detail = mapping instanceof UnrecognizedPropertyException
                    ? "unknown field '" + field + "'"
                    : "field '" + field + "' has a value of the wrong type or format";
        }
        return problem("malformed-line", field, detail);
    }

    private static ProblemDetail problem(String code, String field, String detail) {
        return problem(HttpStatus.BAD_REQUEST, code, field, detail);
    }

    private static ProblemDetail problem(HttpStatus status, String code, String field, String detail) {
        return ApiProblems.problem(status, code, field, detail);
    }

    private static LineRefused refused(ProblemDetail problem) {
        return new LineRefused(problem);
    }
}
