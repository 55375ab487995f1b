package com.customertimeline.eventstore;

import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store whose processors' streams wake on {@link StreamSignals} instead of
 * polling ({@link SignalledEventStream}, ADR 0023). Only Axon's public builder and its public {@code
 * openStream} are used.
 */
public class SignallingEventStore extends EmbeddedEventStore {

    private final StreamSignals signals;

    public SignallingEventStore(EmbeddedEventStore.Builder builder, StreamSignals signals) {
        super(builder);
        this.signals = signals;
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new SignalledEventStream(super.openStream(trackingToken), signals);
    }
}
