package com.customertimeline.api.idempotency;

/** The Idempotency-Key header is empty or too long. */
public class InvalidIdempotencyKeyException extends RuntimeException {

    public InvalidIdempotencyKeyException(int maxLength) {
        super("Idempotency-Key must be 1-" + maxLength + " characters");
    }
}
