package com.customertimeline.api;

import java.util.List;

/** Input rejected by the API's own checks before any command was sent. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<ApiProblems.FieldError> errors;

    public InvalidRequestException(List<ApiProblems.FieldError> errors) {
        super("invalid request: " + errors);
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new ApiProblems.FieldError(field, message)));
    }

    public List<ApiProblems.FieldError> errors() {
        return errors;
    }
}
