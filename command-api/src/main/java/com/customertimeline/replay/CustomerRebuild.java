package com.customertimeline.replay;

import com.customertimeline.projections.support.BatchDelivery;
import com.customertimeline.projections.support.CustomerScopedProjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Rebuilds one customer's views from that customer's stream, for a support case where one customer's
 * summary, timeline or portfolio entry is wrong and a full replay of everyone would be out of
 * proportion. The projections' processors are paused for the moment it takes, so no batch of theirs
 * writes the customer's documents between forgetting them and delivering the stream again; events
 * recorded meanwhile wait in the stream and are applied when the processors resume (the rebuilt
 * documents' last sequence numbers make the processors skip what the rebuild already applied).
 *
 * <p>With several service instances a paused processor's segments may be claimed by another instance
 * during the pause; the rebuild is meant for the single-instance deployments of the embedded default
 * and for quiet moments in production (ADR 0016).
 */
@Component
public class CustomerRebuild {

    private static final int BATCH = 500;

    /** What a rebuild did: the events delivered and the customer's version they end at. */
    public record Rebuilt(String customerId, long events, long version, List<String> processors, long millis) {}

    /** A rebuild cannot start: an unknown customer or a replay of the same projections running. */
    public static final class CannotRebuild extends RuntimeException {
        private final String code;

        CannotRebuild(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final List<CustomerScopedProjection> projections;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    CustomerRebuild(
            EventStore eventStore,
            EventProcessingConfiguration processing,
            List<CustomerScopedProjection> projections) {
        this.eventStore = eventStore;
        this.processing = processing;
        this.projections = List.copyOf(projections);
    }

    /** Forgets the customer's documents in every customer-scoped projection and delivers the stream again. */
    public Rebuilt rebuild(String customerId) {
        long started = System.nanoTime();
        var first = eventStore.readEvents(customerId, 0);
        if (!first.hasNext() || !"Customer".equals(first.peek().getType())) {
            throw new CannotRebuild("unknown-customer", "no customer " + customerId);
        }
        oneAtATime.lock();
        try {
            List<StreamingEventProcessor> paused = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (CustomerScopedProjection projection : projections) {
                Optional<StreamingEventProcessor> processor =
                        processing.eventProcessor(projection.processingGroup(), StreamingEventProcessor.class);
                if (processor.isPresent() && processor.get().isReplaying()) {
                    throw new CannotRebuild(
                            "replay-in-progress",
                            projection.processingGroup() + " is replaying; it rebuilds this customer as well");
                }
                processor.ifPresent(p -> {
                    paused.add(p);
                    names.add(projection.processingGroup());
                });
            }
            paused.forEach(StreamingEventProcessor::shutDown);
            try {
                projections.forEach(projection -> projection.forgetCustomer(customerId));
                BatchDelivery delivery = new BatchDelivery(projections.toArray());
                long events = 0;
                long version = -1;
                Iterator<? extends DomainEventMessage<?>> stream = eventStore.readEvents(customerId, 0);
                List<EventMessage<?>> batch = new ArrayList<>(BATCH);
                while (stream.hasNext()) {
                    DomainEventMessage<?> event = stream.next();
                    batch.add(event);
                    version = event.getSequenceNumber();
                    events++;
                    if (batch.size() == BATCH) {
                        delivery.batch(batch);
                        batch.clear();
                    }
                }
                delivery.batch(batch);
                return new Rebuilt(
                        customerId,
                        events,
                        version,
                        List.copyOf(names),
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
            } finally {
                paused.forEach(StreamingEventProcessor::start);
            }
        } finally {
            oneAtATime.unlock();
        }
    }
}
