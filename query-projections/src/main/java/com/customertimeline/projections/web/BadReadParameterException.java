package com.customertimeline.projections.web;

/** A request parameter of a read endpoint is invalid; answered with 400 naming the parameter. */
public class BadReadParameterException extends RuntimeException {

    private final String parameter;

    public BadReadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
