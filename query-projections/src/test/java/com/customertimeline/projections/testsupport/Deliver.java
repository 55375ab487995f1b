package com.customertimeline.projections.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

/**
 * Delivers events to projections the way a streaming processor does: all messages of a batch in one
 * {@link BatchingUnitOfWork}, through Axon's annotation handler adapter (so {@code @SequenceNumber} and
 * {@code @Timestamp} are resolved from the message), committing at the end (which flushes the bulk writes).
 */
public final class Deliver {

    private final List<AnnotationEventHandlerAdapter> adapters = new ArrayList<>();

    public Deliver(Object... projections) {
        for (Object projection : projections) {
            adapters.add(new AnnotationEventHandlerAdapter(projection));
        }
    }

    /** Handles the messages as one batch; rethrows the first handler failure (after rollback). */
    public void batch(List<? extends EventMessage<?>> messages) {
        if (messages.isEmpty()) {
            return;
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(messages));
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            EventMessage<?> message = unitOfWork.getMessage();
            for (AnnotationEventHandlerAdapter adapter : adapters) {
                if (adapter.canHandle(message)) {
                    adapter.handle(message);
                }
            }
            return null;
        });
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(failure);
        }
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
        adapters.forEach(AnnotationEventHandlerAdapter::prepareReset);
    }
}
