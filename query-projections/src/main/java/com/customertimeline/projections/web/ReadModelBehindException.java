package com.customertimeline.projections.web;

import java.time.Duration;

/**
 * A read model did not reach the version a caller asked for within the consistency timeout. Answered with
 * 503 and {@code Retry-After}: better no answer than a stale one the caller would take for current.
 */
public class ReadModelBehindException extends RuntimeException {

    private final transient ReadModel readModel;
    private final long requested;
    private final long reached;
    private final transient Duration retryAfter;

    public ReadModelBehindException(
            ReadModel readModel, String customerId, long requested, long reached, Duration retryAfter) {
        super("the " + readModel.name().toLowerCase() + " read model of customer " + customerId + " is at version "
                + reached + ", not yet at the requested version " + requested);
        this.readModel = readModel;
        this.requested = requested;
        this.reached = reached;
        this.retryAfter = retryAfter;
    }

    public ReadModel readModel() {
        return readModel;
    }

    public long requested() {
        return requested;
    }

    /** The version reached when the wait ended, -1 if the customer is not projected yet. */
    public long reached() {
        return reached;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
