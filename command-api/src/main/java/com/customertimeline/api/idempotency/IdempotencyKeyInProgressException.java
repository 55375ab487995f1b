package com.customertimeline.api.idempotency;

/**
 * A request with this key is reserved but has no answer yet: it is still running, or (Axon Server
 * profile only) the service stopped between storing the events and storing the answer.
 */
public class IdempotencyKeyInProgressException extends RuntimeException {

    public IdempotencyKeyInProgressException(String key) {
        super("a request with Idempotency-Key '" + key + "' is in progress or its outcome is unknown;"
                + " retry later or check the customer's timeline");
    }
}
