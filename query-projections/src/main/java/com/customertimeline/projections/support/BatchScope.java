package com.customertimeline.projections.support;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Collects a projection's writes for the whole Axon unit of work, so a batch of events handled by a
 * (pooled) streaming processor becomes one {@code bulkWrite} per collection instead of one round trip per
 * event. The batch is created on the first event of the unit of work (knowing all messages of the batch,
 * so documents can be prefetched in one query) and flushed in the prepare-commit phase, before the
 * processor stores its token: if the flush fails, the unit of work rolls back and the batch is retried.
 * Outside a unit of work (e.g. a direct call) the batch is flushed right away.
 */
public final class BatchScope {

    /** Something that writes what it collected. */
    public interface Flushable {
        void flush();
    }

    private BatchScope() {}

    /**
     * Runs {@code work} against the batch stored under {@code key} in the current unit of work.
     *
     * @param factory creates the batch from the messages of the unit of work
     */
    public static <B extends Flushable> void within(
            String key, Function<Collection<? extends Message<?>>, B> factory, Consumer<B> work) {
        if (!CurrentUnitOfWork.isStarted()) {
            B batch = factory.apply(List.of());
            work.accept(batch);
            batch.flush();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        B batch = root.getOrComputeResource(key, k -> {
            B created = factory.apply(messagesOf(root));
            root.onPrepareCommit(u -> created.flush());
            return created;
        });
        work.accept(batch);
    }

    private static Collection<? extends Message<?>> messagesOf(UnitOfWork<?> unitOfWork) {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batching) {
            return batching.getMessages();
        }
        return List.of(unitOfWork.getMessage());
    }
}
