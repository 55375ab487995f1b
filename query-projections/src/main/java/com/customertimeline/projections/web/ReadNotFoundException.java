package com.customertimeline.projections.web;

/** The customer or rep a read asks for is not known to the read model; answered with 404. */
public class ReadNotFoundException extends RuntimeException {

    private final String field;

    public ReadNotFoundException(String message) {
        this(null, message);
    }

    /** @param field the path or query parameter naming what was not found */
    public ReadNotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
