package com.customertimeline.projections.timeline;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.query.TimelineKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page of a customer's timeline. {@code nextCursor} is null on the last page; {@code version} is the
 * sequence number of the last event the timeline includes.
 */
public record TimelinePage(String customerId, long version, List<Entry> entries, String nextCursor) {

    /**
     * One event as a rep reads it: a one-line {@code headline} and the complete {@code detail} (the event's
     * fields; for card updates also {@code changes} with each field's old and new value).
     */
    public record Entry(
            String id,
            long sequence,
            TimelineKind kind,
            Instant occurredAt,
            Instant recordedAt,
            String repId,
            Channel channel,
            String headline,
            Map<String, Object> detail) {}
}
