package com.customertimeline.eventstore;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;

/**
 * A processor's stream of the event store that wakes on {@link StreamSignals} instead of polling.
 *
 * <p>The stream the embedded event store hands out when every processor reads on its own (ADR 0020)
 * can be woken by nothing: a pooled processor that found nothing looks again after 500 ms, and a
 * waiting tracking processor after its whole timeout, so a read waiting for its own write waited for
 * the next poll. This stream tells the pooled processor's coordinator that it supports an availability
 * callback (Axon's {@code BlockingStream#setOnAvailableCallback}), which the coordinator then runs
 * instead of polling, and a blocking wait ({@code hasNextAvailable(timeout)}) looks again at each
 * signal. What is read, in which order, with which gaps, stays the wrapped stream's.
 */
final class SignalledEventStream implements TrackingEventStream {

    private final TrackingEventStream delegate;
    private final StreamSignals signals;
    private volatile Runnable callback;

    SignalledEventStream(TrackingEventStream delegate, StreamSignals signals) {
        this.delegate = delegate;
        this.signals = signals;
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
        return delegate.peek();
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            // read the generation before looking, so a signal between the look and the wait is not missed
            long seen = signals.generation();
            // the timed form: the no-argument one swallows an interrupt (a processor being stopped)
            if (delegate.hasNextAvailable(0, TimeUnit.NANOSECONDS)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !signals.awaitAfter(seen, left)) {
                return false;
            }
        }
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
        while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
            // wait for the next event as long as it takes, waking at each signal
        }
        return delegate.nextAvailable();
    }

    @Override
    public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
        delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
        Runnable previous = this.callback;
        if (previous != null) {
            signals.stopListening(previous);
        }
        this.callback = callback;
        signals.listen(callback);
        return true;
    }

    @Override
    public void close() {
        Runnable registered = callback;
        if (registered != null) {
            signals.stopListening(registered);
        }
        delegate.close();
    }
}
