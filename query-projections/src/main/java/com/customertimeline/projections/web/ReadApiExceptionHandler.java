package com.customertimeline.projections.web;

import java.net.URI;
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
 * Turns read-side failures into {@code application/problem+json}: 400 naming the bad parameter, 404 for an
 * unknown customer or rep, 503 with {@code Retry-After} when a read model has not reached the requested
 * version. Scoped to the read controllers (and ordered first) so it neither affects nor is overridden by
 * the command API's own advice.
 */
@RestControllerAdvice(assignableTypes = {CustomerReadController.class, RepReadController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ReadApiExceptionHandler {

    static final URI BAD_PARAMETER = URI.create("urn:customer-timeline:problem:bad-read-parameter");
    static final URI NOT_FOUND = URI.create("urn:customer-timeline:problem:not-found");
    static final URI NOT_CAUGHT_UP = URI.create("urn:customer-timeline:problem:read-model-behind");

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
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler(ReadModelBehindException.class)
    ResponseEntity<ProblemDetail> behind(ReadModelBehindException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setType(NOT_CAUGHT_UP);
        problem.setTitle("Read model not caught up");
        problem.setProperty("readModel", e.readModel().name());
        problem.setProperty("requestedVersion", e.requested());
        problem.setProperty("reachedVersion", e.reached());
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    private static ResponseEntity<ProblemDetail> badRequest(String parameter, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(BAD_PARAMETER);
        problem.setTitle("Invalid request parameter");
        problem.setProperty("parameter", parameter);
        return ResponseEntity.badRequest().body(problem);
    }
}
