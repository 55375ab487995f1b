package com.customertimeline.api;

import com.customertimeline.api.idempotency.IdempotencyKeyInProgressException;
import com.customertimeline.api.idempotency.IdempotencyKeyReusedException;
import com.customertimeline.api.idempotency.InvalidIdempotencyKeyException;
import com.customertimeline.app.backpressure.CommandsThrottledException;
import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.RejectionDetails;
import com.customertimeline.projections.web.Problems;
import com.customertimeline.security.AccessRefusedException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every way a command can fail to an RFC 9457 {@code application/problem+json} answer with a
 * stable {@code code} and, where one input is to blame, the offending {@code field}. Callers are
 * programs: they need to tell "fix your request" (400/422), "it isn't there" (404) and "someone got
 * there first" (409) apart without parsing prose.
 *
 * <p>Not scoped to the command controllers: errors raised before any controller is chosen (no such
 * route, method not allowed, nothing acceptable to answer) are answered here too, in our words and with
 * a code. The read side's own advice goes first for its controllers. There is deliberately no catch-all:
 * an unexpected exception (or one a servlet filter must see, such as a security exception) leaves MVC
 * and reaches {@link ProblemErrorController}, which answers it as problem+json as well.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /** Field-level messages of a validation failure. */
    public record FieldError(String field, String message) {}

    private final ExceptionHandlerMethodResolver handlers = new ExceptionHandlerMethodResolver(ApiProblems.class);

    /**
     * The problem the API answers for an exception its command endpoints throw. The workspace calls the
     * same endpoints in process and shows this problem's {@code detail} beside the form field it names,
     * so a person and an app are refused in the same words.
     */
    public ProblemDetail describe(Exception e) {
        if (e instanceof AccessRefusedException refused) {
            return problem(HttpStatus.FORBIDDEN, refused.code(), refused.field(), refused.getMessage());
        }
        Method handler = handlers.resolveMethodByThrowable(e);
        if (handler != null) {
            try {
                Object answer = handler.invoke(this, e);
                Object body = answer instanceof ResponseEntity<?> entity ? entity.getBody() : answer;
                if (body instanceof ProblemDetail detail) {
                    return detail;
                }
            } catch (ReflectiveOperationException failed) {
                log.error("describing {} failed", e.getClass().getName(), failed);
            }
        }
        log.error("command failed unexpectedly", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", null, "the command could not be handled");
    }

    /** The shape shared with the read side ({@link Problems}). */
    public static ProblemDetail problem(HttpStatus status, String code, String field, String detail) {
        return Problems.problem(status, code, field, detail);
    }

    @ExceptionHandler(CommandRejectedException.class)
    ProblemDetail rejected(CommandRejectedException e) {
        return fromDetails(e.details());
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException e) {
        Object details = e.getDetails().orElse(null);
        if (details instanceof RejectionDetails rejection) {
            return ResponseEntity.status(statusOf(rejection.kind())).body(fromDetails(rejection));
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException concurrency) {
                return ResponseEntity.status(HttpStatus.CONFLICT).body(concurrent(concurrency));
            }
        }
        log.error("command failed unexpectedly", e);
        return ResponseEntity.internalServerError()
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", null, "the command could not be handled"));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        null,
                        "no such customer or rep: " + e.getAggregateIdentifier()));
    }

    /**
     * Every error Spring MVC itself detects, in our words and with a code: Spring's wording ("No static
     * resource api/v1/nope.") names its internals, not what the caller should do.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        if (status == null
                || (body instanceof ProblemDetail detail
                        && detail.getProperties() != null
                        && detail.getProperties().containsKey("code"))) {
            return super.handleExceptionInternal(e, body, headers, statusCode, request);
        }
        ProblemDetail problem;
        if (e instanceof NoResourceFoundException missing) {
            problem = problem(
                    status,
                    "unknown-route",
                    null,
                    "there is no endpoint " + missing.getHttpMethod() + " /" + missing.getResourcePath()
                            + "; the API is described at /v3/api-docs");
        } else if (e instanceof NoHandlerFoundException missing) {
            problem = problem(
                    status,
                    "unknown-route",
                    null,
                    "there is no endpoint " + missing.getHttpMethod() + " " + missing.getRequestURL()
                            + "; the API is described at /v3/api-docs");
        } else if (e instanceof HttpRequestMethodNotSupportedException method) {
            problem = problem(
                    status,
                    "method-not-allowed",
                    null,
                    method.getMethod() + " is not allowed here"
                            + (method.getSupportedHttpMethods() == null
                                    ? ""
                                    : "; allowed: " + method.getSupportedHttpMethods()));
        } else if (e instanceof HttpMediaTypeNotAcceptableException) {
            problem = problem(
                    status,
                    "not-acceptable",
                    "Accept",
                    "this endpoint answers application/json (errors as application/problem+json), which the"
                            + " Accept header rules out");
        } else if (e instanceof HttpMediaTypeNotSupportedException type) {
            problem = problem(
                    status,
                    "unsupported-media-type",
                    "Content-Type",
                    "Content-Type " + type.getContentType() + " is not accepted here; send "
                            + (type.getSupportedMediaTypes().isEmpty()
                                    ? "application/json"
                                    : type.getSupportedMediaTypes().stream()
                                            .map(Object::toString)
                                            .collect(java.util.stream.Collectors.joining(" or "))));
        } else if (e instanceof MissingRequestHeaderException header) {
            problem = problem(
                    status,
                    "invalid-request",
                    header.getHeaderName(),
                    "header " + header.getHeaderName() + " is required");
        } else if (e instanceof MissingServletRequestParameterException parameter) {
            problem = problem(
                    status,
                    "invalid-request",
                    parameter.getParameterName(),
                    "parameter " + parameter.getParameterName() + " is required");
        } else if (e instanceof TypeMismatchException mismatch) {
            problem = problem(
                    status,
                    "invalid-request",
                    mismatch.getPropertyName(),
                    "'" + mismatch.getValue() + "' is not a valid value for " + mismatch.getPropertyName());
        } else {
            problem = problem(
                    status, Problems.codeFor(status), null, "the request was refused: " + status.getReasonPhrase());
        }
        if (status.is5xxServerError()) {
            log.error("request failed", e);
        }
        return super.handleExceptionInternal(e, problem, headers, statusCode, request);
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> conflict(ConcurrencyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(concurrent(e));
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e) {
        return ResponseEntity.unprocessableEntity()
                .body(problem(
                        HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency-Key", e.getMessage()));
    }

    @ExceptionHandler(IdempotencyKeyInProgressException.class)
    ResponseEntity<ProblemDetail> keyInProgress(IdempotencyKeyInProgressException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.CONFLICT, "idempotency-key-in-progress", "Idempotency-Key", e.getMessage()));
    }

    @ExceptionHandler(CommandsThrottledException.class)
    ResponseEntity<ProblemDetail> throttled(CommandsThrottledException e) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "read-models-behind", null, e.getMessage());
        problem.setProperty("backlog", e.backlog());
        problem.setProperty("limit", e.limit());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(
                        HttpHeaders.RETRY_AFTER,
                        String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem);
    }

    @ExceptionHandler(InvalidIdempotencyKeyException.class)
    ResponseEntity<ProblemDetail> badKey(InvalidIdempotencyKeyException e) {
        return ResponseEntity.badRequest()
                .body(problem(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Idempotency-Key", e.getMessage()));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        return ResponseEntity.badRequest().body(validation(e.errors()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(validation(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = null;
        String detail = "the request body is not valid JSON for this endpoint";
        String repeated = repeatedField(e);
        if (repeated != null) {
            field = repeated;
            detail = "field '" + field + "' is given more than once";
        } else if (e.getCause() instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            field = path(mapping.getPath());
            detail = mapping instanceof UnrecognizedPropertyException
                    ? "unknown field '" + field + "'"
                    : "field '" + field + "' has a value of the wrong type or format";
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-request", field, detail));
    }

    /**
     * The key a body repeats ({@code spring.jackson.parser.strict-duplicate-detection}), with its path
     * when it is nested, or null. The parser stops at the repeated name, so its context names it.
     */
    private static String repeatedField(HttpMessageNotReadableException e) {
        String name = repeatedName(e);
        if (name == null) {
            return null;
        }
        return e.getCause() instanceof JsonMappingException mapping
                        && !mapping.getPath().isEmpty()
                ? path(mapping.getPath()) + "." + name
                : name;
    }

    /** The JSON field a parse failure names as given twice, or null when it failed for another reason. */
    public static String repeatedName(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException parse
                    && parse.getOriginalMessage() != null
                    && parse.getOriginalMessage().startsWith("Duplicate field")
                    && parse.getProcessor() != null) {
                return parse.getProcessor().getParsingContext().getCurrentName();
            }
        }
        return null;
    }

    static ProblemDetail validation(List<FieldError> errors) {
        String fields = String.join(", ", errors.stream().map(FieldError::field).toList());
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                errors.isEmpty() ? null : errors.get(0).field(),
                "invalid input: " + fields);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A mapping error's path as the API names fields ({@code lineItems[0].unitPrice}). */
    public static String path(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static ProblemDetail concurrent(ConcurrencyException e) {
        return problem(
                HttpStatus.CONFLICT,
                "concurrent-modification",
                null,
                "the customer was changed or created concurrently; reload and retry: " + e.getMessage());
    }

    private static ProblemDetail fromDetails(RejectionDetails details) {
        return problem(statusOf(details.kind()), details.code(), details.field(), details.message());
    }

    private static HttpStatus statusOf(CommandRejectedException.Kind kind) {
        return Map.of(
                        CommandRejectedException.Kind.NOT_FOUND, HttpStatus.NOT_FOUND,
                        CommandRejectedException.Kind.CONFLICT, HttpStatus.CONFLICT,
                        CommandRejectedException.Kind.RULE_VIOLATED, HttpStatus.UNPROCESSABLE_ENTITY)
                .get(kind);
    }
}
