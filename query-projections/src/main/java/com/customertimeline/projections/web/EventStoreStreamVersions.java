package com.customertimeline.projections.web;

import java.util.OptionalLong;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** {@link StreamVersions} from Axon's event store: one look-up of the stream's last sequence number. */
@Component
class EventStoreStreamVersions implements StreamVersions {

    private final EventStore eventStore;

    EventStoreStreamVersions(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public OptionalLong currentVersion(String customerId) {
        return eventStore
                .lastSequenceNumberFor(customerId)
                .map(OptionalLong::of)
                .orElseGet(OptionalLong::empty);
    }
}
