package com.customertimeline.projections.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waits for a query result and rethrows the handler's own exception rather than a wrapper. */
public final class QueryCalls {

    private QueryCalls() {}

    public static <R> R join(CompletableFuture<R> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
