package com.customertimeline.projections.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * Builds domain event messages the way an aggregate would: per aggregate id, sequence numbers from 0, and
 * a deterministic message id and timestamp (recordedAt).
 */
public final class EventLog {

    private final Map<String, Long> sequences = new HashMap<>();
    private final List<DomainEventMessage<?>> all = new ArrayList<>();

    /** The next event of an aggregate, recorded at {@code recordedAt}. */
    public DomainEventMessage<?> next(String type, String aggregateId, Object payload, Instant recordedAt) {
        long sequence = sequences.merge(aggregateId, 0L, (old, ignored) -> old + 1);
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(
                type, aggregateId, sequence, payload, Map.of(), aggregateId + "#" + sequence, recordedAt);
        all.add(message);
        return message;
    }

    public DomainEventMessage<?> customer(String customerId, Object payload, Instant recordedAt) {
        return next("Customer", customerId, payload, recordedAt);
    }

    public DomainEventMessage<?> rep(String repId, Object payload, Instant recordedAt) {
        return next("Rep", repId, payload, recordedAt);
    }

    public List<DomainEventMessage<?>> all() {
        return List.copyOf(all);
    }
}
