package com.customertimeline.domain.query;

import com.customertimeline.domain.model.Channel;
import java.time.Instant;
import java.util.Set;

/**
 * Asks for one page of a customer's timeline. Empty {@code kinds}/{@code channels} mean "all";
 * {@code from} is inclusive and {@code to} exclusive, both in business time. {@code cursor} is the opaque
 * keyset cursor of the previous page (null for the first page), so paging stays stable while new events
 * arrive.
 */
public record FindCustomerTimeline(
        String customerId,
        Set<TimelineKind> kinds,
        Set<Channel> channels,
        String repId,
        Instant from,
        Instant to,
        boolean newestFirst,
        String cursor,
        int limit) {

    /** The largest page a caller may ask for. */
    public static final int MAX_LIMIT = 200;

    public FindCustomerTimeline {
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
        channels = channels == null ? Set.of() : Set.copyOf(channels);
    }
}
