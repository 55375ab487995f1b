package com.customertimeline.eventstore;

import java.util.Locale;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Makes every event stream belong to the kind of aggregate that opened it. The event store (Axon's
 * JDBC engine, and Axon Server alike) keys streams by identifier alone, so without this a customer
 * command for an id that names a rep would source the rep's events into a customer. Every stream's
 * first event (or snapshot) records its aggregate type; a stream of another type is, for this kind,
 * a stream that does not exist. A registration for such an id then fails to append its first event
 * (the identifier and sequence 0 are taken) and is answered 409 {@code id-taken} (ADR 0012).
 */
public final class OneKindPerStream<T> implements AggregateFactory<T> {

    private final AggregateFactory<T> delegate;
    private final String kind;

    public OneKindPerStream(AggregateFactory<T> delegate) {
        this.delegate = delegate;
        this.kind = delegate.getAggregateType().getSimpleName();
    }

    @Override
    public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
        if (firstEvent != null && !kind.equals(firstEvent.getType())) {
            throw new AggregateNotFoundException(
                    aggregateIdentifier, "no " + kind.toLowerCase(Locale.ROOT) + " " + aggregateIdentifier);
        }
        return delegate.createAggregateRoot(aggregateIdentifier, firstEvent);
    }

    @Override
    public Class<T> getAggregateType() {
        return delegate.getAggregateType();
    }
}
