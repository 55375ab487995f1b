package com.customertimeline.projections.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one shape of every error answer, on the read side and the write side alike (the command API
 * builds its problems here too): RFC 9457 {@code type}, {@code title}, {@code status}, {@code detail},
 * plus a stable {@code code} a program can switch on and, where one input is to blame, {@code field}.
 */
public final class Problems {

    /** Prefix of every problem type; the code follows it. */
    public static final String TYPE_PREFIX = "urn:customer-timeline:problem:";

    private Problems() {}

    /**
     * The code of an error the framework or the server (not our own rules) decided: the status in words,
     * e.g. 405 {@code method-not-allowed}, 400 {@code malformed-request}, 500 {@code internal}.
     */
    public static String codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "malformed-request";
            case INTERNAL_SERVER_ERROR -> "internal";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default ->
                status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        };
    }

    public static ProblemDetail problem(HttpStatus status, String code, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
