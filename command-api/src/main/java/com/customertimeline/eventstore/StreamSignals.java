package com.customertimeline.eventstore;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the event processors of the embedded default to look at the event stream now (ADR 0023). It
 * is raised by a read that waits for its own write ({@code minVersion}) and finds the read model
 * behind, and by a heartbeat at a fixed interval; the streams the event store hands to processors
 * ({@link SignalledEventStream}) wake on it instead of polling.
 *
 * <p>A signal means "look again", never "there is something": a processor that wakes queries the
 * store and may find nothing. So a spurious signal costs one query, and the heartbeat is the bound on
 * how late a processor sees events nobody is waiting for, as its own polling was before. Writes nobody
 * waits for are thus still gathered into larger batches, which cost the processors less per event.
 */
public final class StreamSignals implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamSignals.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition raised = lock.newCondition();
    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;
    private volatile long generation;

    /** @param heartbeatMillis how often the signal is raised on its own; 0 for never (tests) */
    public StreamSignals(long heartbeatMillis) {
        if (heartbeatMillis > 0) {
            heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "event-stream-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            heartbeat.scheduleWithFixedDelay(this::beat, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
        } else {
            heartbeat = null;
        }
    }

    /** A heartbeat that throws is never scheduled again, and processors would fall back to 5 s polls. */
    private void beat() {
        try {
            raise();
        } catch (Throwable e) {
            log.error("the event-stream heartbeat failed; it goes on at its next beat", e);
        }
    }

    /** Wakes every waiting reader and runs every listener. */
    public void raise() {
        lock.lock();
        try {
            generation++;
            raised.signalAll();
        } finally {
            lock.unlock();
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // a listener schedules a processor's next look at the stream; one that fails must not
                // keep the others (or the raising thread) from going on
                log.warn("an event-stream listener failed; its processor falls back to the heartbeat", e);
            }
        }
    }

    /** The number of signals raised so far; pass it to {@link #awaitAfter} to wait for the next one. */
    public long generation() {
        return generation;
    }

    /**
     * Waits until a signal after {@code seen} is raised or {@code nanos} have passed.
     *
     * @return whether a signal was raised after {@code seen}
     */
    public boolean awaitAfter(long seen, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (generation == seen) {
                if (left <= 0) {
                    return false;
                }
                left = raised.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    void listen(Runnable listener) {
        listeners.add(listener);
    }

    void stopListening(Runnable listener) {
        listeners.remove(listener);
    }

    int listeners() {
        return listeners.size();
    }

    @Override
    public void close() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }
}
