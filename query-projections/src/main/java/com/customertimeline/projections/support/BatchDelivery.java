package com.customertimeline.projections.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

/**
 * Delivers events to projections the way a streaming processor does: all messages of a batch in one
 * {@link BatchingUnitOfWork}, through Axon's annotation handler adapter (so {@code @SequenceNumber} and
 * {@code @Timestamp} resolve from the message), committing at the end, which flushes the batch's bulk
 * writes. Used to rebuild read models outside a processor (as-of views) and by the projection tests.
 */
public final class BatchDelivery {

    private final List<AnnotationEventHandlerAdapter> adapters = new ArrayList<>();

    public BatchDelivery(Object... projections) {
        for (Object projection : projections) {
            adapters.add(new AnnotationEventHandlerAdapter(projection));
        }
    }

    /** Handles the messages as one batch; rethrows the first handler failure after the rollback. */
    public void batch(List<? extends EventMessage<?>> messages) {
        batch(
                messages,
                (message, failure) ->
                        failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure));
    }

    /**
     * Handles the messages as one batch; after a rollback, throws what {@code onFailure} makes of the
     * message that failed and its failure.
     */
    public void batch(
            List<? extends EventMessage<?>> messages,
            BiFunction<EventMessage<?>, Throwable, RuntimeException> onFailure) {
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
            throw onFailure.apply(unitOfWork.getMessage(), result.exceptionResult());
        }
    }

    /** Calls the projections' reset handlers, as a processor does before a replay. */
    public void reset() {
        adapters.forEach(AnnotationEventHandlerAdapter::prepareReset);
    }
}
