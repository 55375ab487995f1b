package com.customertimeline.workspace;

import com.customertimeline.api.ApiProblems;
import com.customertimeline.api.CommandAccepted;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The workspace's way to the write side: a form becomes the same request record the API takes, checked
 * by the same constraints (their messages in the reader's language), and is sent through the same
 * endpoint code in process, with the form's idempotency key. So a person is held to exactly the rules
 * an app is, every event records the signed-in person as its actor, and a double click records once:
 * the second submission carries the same key and gets the first one's answer.
 */
@Component
public class WorkspaceCommands {

    /** How long a second submission waits for the first one with the same key to finish. */
    private static final int IN_PROGRESS_RETRIES = 50;

    private final Validator validator;
    private final ApiProblems problems;
    private final MessageSource messages;

    WorkspaceCommands(Validator validator, ApiProblems problems, MessageSource messages) {
        this.validator = validator;
        this.problems = problems;
        this.messages = messages;
    }

    /**
     * The field names of a form: the API's field names that are the form's own stay as they are, every
     * other (a path id, the rep, a header) is reported for the form as a whole, above it.
     */
    public static Function<String, String> formFields(String... names) {
        java.util.Set<String> own = java.util.Set.of(names);
        return field -> own.contains(field) ? field : Result.FORM;
    }

    /** A fresh key for a form as it is shown; the submission sends it back. */
    public static String newKey() {
        return UUID.randomUUID().toString();
    }

    /**
     * Checks the request, then sends it. {@code fields} maps the API's field names to the form's (for
     * nested ones such as {@code followUp.dueAt}).
     */
    public <R> Result send(R request, Function<String, String> fields, Supplier<ResponseEntity<Object>> endpoint) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (ConstraintViolation<R> violation : validator.validate(request)) {
            errors.putIfAbsent(fields.apply(violation.getPropertyPath().toString()), violation.getMessage());
        }
        if (!errors.isEmpty()) {
            return Result.refused(400, errors);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                ResponseEntity<Object> answer = endpoint.get();
                return Result.accepted(versionIn(answer.getBody()));
            } catch (RuntimeException e) {
                ProblemDetail problem = problems.describe(e);
                String code = String.valueOf(
                        problem.getProperties() == null
                                ? null
                                : problem.getProperties().get("code"));
                if ("idempotency-key-in-progress".equals(code) && attempt < IN_PROGRESS_RETRIES) {
                    pause();
                    continue;
                }
                return Result.refused(problem.getStatus(), describe(problem, code, fields));
            }
        }
    }

    /** The new version, from the first answer or from its replay (stored as JSON). */
    private static Long versionIn(Object body) {
        if (body instanceof CommandAccepted accepted) {
            return accepted.version();
        }
        if (body instanceof JsonNode json && json.path("version").isIntegralNumber()) {
            return json.path("version").asLong();
        }
        return null;
    }

    private Map<String, String> describe(ProblemDetail problem, String code, Function<String, String> fields) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Object> properties = problem.getProperties() == null ? Map.of() : problem.getProperties();
        if (properties.get("errors") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof ApiProblems.FieldError error) {
                    errors.putIfAbsent(fields.apply(error.field()), error.message());
                }
            }
        }
        if (errors.isEmpty()) {
            Object field = properties.get("field");
            String message =
                    messages.getMessage("problem." + code, null, problem.getDetail(), LocaleContextHolder.getLocale());
            errors.put(field == null ? Result.FORM : fields.apply(String.valueOf(field)), message);
        }
        return errors;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the first submission", e);
        }
    }

    /**
     * What became of a submission: accepted with the customer's (or rep's) new version, or refused with
     * a message per form field ({@link #FORM} for what belongs to no single field).
     */
    public record Result(boolean accepted, Long version, int status, Map<String, String> errors) {

        /** The key of a refusal that names no field of the form. */
        public static final String FORM = "form";

        static Result accepted(Long version) {
            return new Result(true, version, 200, Map.of());
        }

        static Result refused(int status, Map<String, String> errors) {
            return new Result(false, null, status, errors);
        }
    }
}
