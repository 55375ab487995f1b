package com.customertimeline.app;

import com.customertimeline.domain.rep.Rep;
import com.customertimeline.domain.rep.RepDeparted;
import com.customertimeline.domain.rep.RepRegistered;
import com.customertimeline.domain.rep.RepRoster;
import com.customertimeline.domain.rep.RepStanding;
import com.customertimeline.domain.rep.RepStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Answers the customer aggregate's roster questions from the {@link Rep}'s own events, as current as the
 * event store and not a lagging projection. Ownership loads the aggregate in the same unit of work, which
 * holds the rep until the command commits; acting reps are read from the rep's stream without holding
 * it, so one rep's many interactions do not queue behind each other.
 */
@Component
class AggregateRepRoster implements RepRoster {

    /** The unit-of-work resource holding the standings read in it. */
    private static final String STANDINGS = AggregateRepRoster.class.getName() + ".standings";

    private final ObjectProvider<Configuration> axon;

    AggregateRepRoster(ObjectProvider<Configuration> axon) {
        this.axon = axon;
    }

    @Override
    public Optional<RepStatus> statusOf(String repId) {
        try {
            return Optional.ofNullable(
                    axon.getObject().repository(Rep.class).load(repId).invoke(Rep::status));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the rep's stream (a registration and at most a departure). A stream opened by a customer is
     * not a rep's: it is left after its first event rather than read to the end.
     *
     * <p>A standing once found is kept for the rest of the unit of work: a live command asks once, but a
     * batch of an import (one unit of work for a thousand lines) asks for the same few reps on nearly
     * every line, and each read of a stream inside a unit of work also looks through every event the
     * unit of work has staged so far (Axon's {@code AbstractEventStore.readEvents}), which made the
     * batch's cost grow with the square of its size. A rep's departure cannot be part of an import, so
     * nothing in a batch changes the standing it read.
     */
    @Override
    public Optional<RepStanding> standingOf(String repId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return readStanding(repId);
        }
        Map<String, RepStanding> known =
                CurrentUnitOfWork.get().root().getOrComputeResource(STANDINGS, k -> new HashMap<>());
        RepStanding standing = known.get(repId);
        if (standing != null) {
            return Optional.of(standing);
        }
        Optional<RepStanding> read = readStanding(repId);
        read.ifPresent(found -> known.put(repId, found));
        return read;
    }

    private Optional<RepStanding> readStanding(String repId) {
        DomainEventStream events = axon.getObject().eventStore().readEvents(repId);
        if (!events.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = events.next();
        if (Rep.class.equals(first.getPayloadType())) {
            // a snapshot (reps have too few events to get one, but should one exist)
            return statusOf(repId).map(status -> new RepStanding(status, null));
        }
        if (!RepRegistered.class.equals(first.getPayloadType())) {
            return Optional.empty();
        }
        Instant departedAt = null;
        boolean departed = false;
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof RepDeparted departure) {
                departed = true;
                departedAt = departure.occurredAt();
            }
        }
        return Optional.of(new RepStanding(departed ? RepStatus.DEPARTED : RepStatus.ACTIVE, departedAt));
    }
}
