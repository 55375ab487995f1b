package com.customertimeline.app.backpressure;

import java.time.Duration;

/**
 * A command was not taken because the read models stayed too far behind for longer than a caller is
 * kept waiting. Nothing was written; the caller retries after {@link #retryAfter()}.
 */
public class CommandsThrottledException extends RuntimeException {

    private final long backlog;
    private final long limit;
    private final transient Duration retryAfter;

    CommandsThrottledException(long backlog, long limit, Duration waited, Duration retryAfter) {
        super("the read models are " + backlog + " events behind (limit " + limit + ") after waiting "
                + waited.toMillis() + " ms; nothing was recorded, retry later");
        this.backlog = backlog;
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    public long backlog() {
        return backlog;
    }

    public long limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
