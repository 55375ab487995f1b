package com.customertimeline.projections.testsupport;

import com.customertimeline.projections.support.BatchDelivery;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;

/** Test-side conveniences over {@link BatchDelivery}, which delivers batches as a processor does. */
public final class Deliver {

    private final BatchDelivery delivery;

    public Deliver(Object... projections) {
        this.delivery = new BatchDelivery(projections);
    }

    /** Handles the messages as one batch; rethrows the first handler failure (after rollback). */
    public void batch(List<? extends EventMessage<?>> messages) {
        delivery.batch(messages);
    }

    /** Handles each message in a batch of its own. */
    public void oneByOne(List<? extends EventMessage<?>> messages) {
        for (EventMessage<?> message : messages) {
            batch(List.of(message));
        }
    }

    public void batch(EventMessage<?>... messages) {
        batch(List.of(messages));
    }

    /** Calls the reset handlers, as a processor does before a replay. */
    public void reset() {
        delivery.reset();
    }
}
