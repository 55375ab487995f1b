package com.customertimeline.projections.web;

/** The customer or rep a read asks for is not known to the read model; answered with 404. */
public class ReadNotFoundException extends RuntimeException {

    public ReadNotFoundException(String message) {
        super(message);
    }
}
