package com.customertimeline.projections.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns read-side failures into {@code application/problem+json} of the same shape as the command API's
 * ({@link Problems}): 400 naming the bad parameter, 404 for an unknown customer or rep, 422 for a
 * {@code minVersion} the customer's history does not have, 503 with {@code Retry-After} when a read model
 * has not reached the requested version yet. Scoped to the read controllers (and ordered first) so it
 * neither affects nor is overridden by the command API's own advice.
 */
@RestControllerAdvice(assignableTypes = {CustomerReadController.class, RepReadController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ReadApiExceptionHandler {

    static final String BAD_PARAMETER = "invalid-request";
    static final String NOT_FOUND = "not-found";
    static final String NOT_CAUGHT_UP = "read-model-behind";
    static final String UNKNOWN_VERSION = "unknown-version";

    @ExceptionHandler(BadReadParameterException.class)
    ResponseEntity<ProblemDetail> badParameter(BadReadParameterException e) {
        return badRequest(e.parameter(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return badRequest(e.getName(), "'" + e.getValue() + "' is not a valid value for parameter " + e.getName());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e) {
        return badRequest(e.getParameterName(), "parameter " + e.getParameterName() + " is required");
    }

    @ExceptionHandler(ReadNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ReadNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.problem(HttpStatus.NOT_FOUND, NOT_FOUND, e.field(), e.getMessage()));
    }

    @ExceptionHandler(UnknownVersionException.class)
    ResponseEntity<ProblemDetail> unknownVersion(UnknownVersionException e) {
        ProblemDetail problem =
                Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, UNKNOWN_VERSION, "minVersion", e.getMessage());
        problem.setProperty("requestedVersion", e.requested());
        problem.setProperty("currentVersion", e.current());
        return ResponseEntity.unprocessableEntity().body(problem);
    }

    @ExceptionHandler(ReadModelBehindException.class)
    ResponseEntity<ProblemDetail> behind(ReadModelBehindException e) {
        ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, NOT_CAUGHT_UP, null, e.getMessage());
        problem.setProperty("readModel", e.readModel().name());
        problem.setProperty("requestedVersion", e.requested());
        problem.setProperty("reachedVersion", e.reached());
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    /** {@code parameter} is kept beside {@code field} for clients written before the shapes were one. */
    private static ResponseEntity<ProblemDetail> badRequest(String parameter, String detail) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, BAD_PARAMETER, parameter, detail);
        problem.setProperty("parameter", parameter);
        return ResponseEntity.badRequest().body(problem);
    }
}
