package com.customertimeline.projections.web;

/**
 * A read asked for a {@code minVersion} beyond the customer's last event in the event store. No wait
 * can satisfy it (a command reports a version only once it is stored), so it is answered at once with
 * 422 rather than with a 503 the caller would retry forever.
 */
public class UnknownVersionException extends RuntimeException {

    private final long requested;
    private final long current;

    public UnknownVersionException(String customerId, long requested, long current) {
        super("customer " + customerId + " is at version " + current + "; version " + requested
                + " does not exist (minVersion must be a version a command answered with)");
        this.requested = requested;
        this.current = current;
    }

    public long requested() {
        return requested;
    }

    public long current() {
        return current;
    }
}
