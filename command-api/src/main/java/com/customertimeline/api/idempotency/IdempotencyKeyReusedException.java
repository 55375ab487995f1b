package com.customertimeline.api.idempotency;

/** The same Idempotency-Key arrived with a different request: the caller has a bug, not a retry. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different request");
    }
}
