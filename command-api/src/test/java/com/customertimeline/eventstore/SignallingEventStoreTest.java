package com.customertimeline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.EmbeddedPostgresSupport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The processors' streams wake on a signal instead of polling (ADR 0023), on a real PostgreSQL and
 * Axon's JDBC engine, as the embedded default runs them. The heartbeat is off except where it is the
 * subject, so nothing but a raised signal can wake a reader.
 */
class SignallingEventStoreTest {

    private SignallingEventStore store;
    private StreamSignals signals;
    private int sequence;

    @BeforeEach
    void startStore() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(EmbeddedPostgresSupport.newDatabase("signals"));
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        signals = new StreamSignals(0);
        store = new SignallingEventStore(
                EmbeddedEventStore.builder().storageEngine(engine).optimizeEventConsumption(false), signals);
    }

    @AfterEach
    void stopStore() {
        store.shutDown();
        signals.close();
    }

    @Test
    void aProcessorsStreamIsCalledBackAtEachSignalAndNoLongerOnceClosed() throws Exception {
        TrackingEventStream stream = store.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();
        AtomicInteger callbacks = new AtomicInteger();

        assertThat(stream.setOnAvailableCallback(callbacks::incrementAndGet)).isTrue();
        append("first");
        assertThat(callbacks).hasValue(0);
        signals.raise();

        assertThat(callbacks).hasValue(1);
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");

        stream.close();
        signals.raise();
        assertThat(callbacks).hasValue(1);
        assertThat(signals.listeners()).isZero();
    }

    @Test
    void aBlockingWaitFindsACommittedEventAtTheSignalNotAtItsTimeout() throws Exception {
        TrackingEventStream stream = store.openStream(null);
        long before = signals.generation();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return stream.hasNextAvailable(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(waiting).isNotDone();

        append("wanted");
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        signals.raise();

        // without the signal the wait would last its whole minute (Axon's own stream is woken by nothing)
        assertThat(waiting.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(signals.generation()).isEqualTo(before + 1);
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("wanted");
        stream.close();
    }

    @Test
    void aBlockingWaitWithoutASignalEndsAtItsTimeoutWithNothing() throws Exception {
        TrackingEventStream stream = store.openStream(null);
        long started = System.nanoTime();

        assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        stream.close();
    }

    @Test
    void aBlockingWaitThatIsInterruptedEndsWithTheInterrupt() throws Exception {
        TrackingEventStream stream = store.openStream(null);
        CompletableFuture<Throwable> waiting = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                stream.hasNextAvailable(60, TimeUnit.SECONDS);
                waiting.complete(null);
            } catch (Throwable e) {
                waiting.complete(e);
            }
        });
        waiter.start();
        Thread.sleep(200);

        waiter.interrupt();

        // a processor being stopped interrupts its thread; the wait must not swallow that and sit out its minute
        assertThat(waiting.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        stream.close();
    }

    @Test
    void aSecondCallbackReplacesTheFirst() {
        TrackingEventStream stream = store.openStream(null);
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        stream.setOnAvailableCallback(first::incrementAndGet);
        stream.setOnAvailableCallback(second::incrementAndGet);

        signals.raise();

        assertThat(first).hasValue(0);
        assertThat(second).hasValue(1);
        assertThat(signals.listeners()).isEqualTo(1);
        stream.close();
    }

    @Test
    void theHeartbeatRaisesTheSignalOnItsOwn() throws Exception {
        try (StreamSignals beating = new StreamSignals(20)) {
            CountDownLatch called = new CountDownLatch(1);
            beating.listen(called::countDown);
            long before = beating.generation();

            assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(beating.generation()).isGreaterThan(before);
        }
    }

    private void append(String payload) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.execute(
                () -> store.publish(new GenericDomainEventMessage<>("Probe", "probe-1", sequence++, payload)));
    }
}
