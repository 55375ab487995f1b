package com.customertimeline.app;

import com.customertimeline.audit.chain.ChainedJdbcEventStorageEngine;
import com.customertimeline.audit.chain.EventChain;
import com.customertimeline.eventstore.SignallingEventStore;
import com.customertimeline.eventstore.StreamSignals;
import com.customertimeline.projections.web.ProjectionWakeUp;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The relational side of storage: Axon's JDBC event store on PostgreSQL (the embedded default's own
 * server, a test server or a production one), the tracking-token store and the idempotency keys. Tables are created with Axon's own
 * vendor-specific DDL ({@code CREATE TABLE IF NOT EXISTS}) before the engine is handed out, so a fresh
 * data folder or database just works and nothing here re-states Axon's schema by hand.
 */
@Configuration
public class StorageConfig {

    /**
     * The relational store must be PostgreSQL: the embedded default starts its own, tests and production
     * name one. Anything else is refused at start-up rather than trusted with acknowledged events (H2's
     * file store lost them on a kill, ADR 0011).
     */
    @Bean
    RelationalStoreChecked relationalStoreChecked(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the relational store", e);
        }
        if (!product.toLowerCase(Locale.ROOT).contains("postgres")) {
            throw new IllegalStateException("spring.datasource.url names a " + product
                    + " database; the relational store must be PostgreSQL (ADR 0011). Leave it unset for"
                    + " the embedded default, which starts its own.");
        }
        return new RelationalStoreChecked();
    }

    /** Marker that the relational store is PostgreSQL; the stores depend on it. */
    public static final class RelationalStoreChecked {}

    /**
     * JDBC connections come from Spring's transaction-bound connection holder only. Axon's default wraps
     * this in a provider that also caches the connection on the unit of work; under concurrent load that
     * let one pooled connection be used by two threads at once (Hikari failed with an index error in
     * its statement list; see AxonFramework issue 3706). Every unit of work here runs in a Spring
     * transaction, so the thread-bound connection is the same one the cache would have returned.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /**
     * Recognises PostgreSQL's unique violation (SQL state 23505) as a duplicate key, so a second event
     * at a taken sequence number is a {@code ConcurrencyException} (409) and a stream opened twice an
     * {@code AggregateStreamCreationException}. Axon's default JDBC resolver looks for
     * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws: both
     * ended as 500s.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(POSTGRES_UNIQUE_VIOLATION);
    }

    private static final String POSTGRES_UNIQUE_VIOLATION = "23505";

    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EventStorageEngine eventStorageEngine(
            RelationalStoreChecked postgres,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            PersistenceExceptionResolver persistenceExceptionResolver,
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration configuration) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter());
        // every appended event is hash-chained in the appending transaction (ADR 0014)
        JdbcEventStorageEngine engine =
                new ChainedJdbcEventStorageEngine(builder, connectionProvider, transactionManager);
        transactionManager.executeInTransaction(() -> {
            engine.createSchema(PostgresEventTableFactory.INSTANCE);
            try (Connection connection = connectionProvider.getConnection()) {
                EventChain.createSchema(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("creating the event chain table failed", e);
            }
        });
        return engine;
    }

    /**
     * Axon's embedded event store with every processor reading the stream on its own, instead of through
     * the shared cache that Axon fills with one reader for all processors at the head of the stream.
     *
     * <p>Why: with the shared cache the processors lost events near a stop of the service. Measured by
     * {@code KillNineIT}, which compares the read models after kill -9 cycles with a replay of the same
     * events: in four runs out of four one to three events were in the event store but missing from all
     * three projections at once, while each customer's later events were there; graceful stops did the
     * same. With this setting the read models equaled the replay's. The likely trigger is an event
     * committed out of its global-index order, which the cache handles by matching tokens, gaps
     * included (ADR 0020; AxonFramework issue 1037, where the maintainer's only remedy is this setting).
     * The cost: one query per processor and wake-up instead of one for all. Axon Server (the production
     * profile) is not affected; it keeps its own event store.
     *
     * <p>The processors do not poll on their own: a heartbeat every {@code timeline.event-store.heartbeat}
     * wakes them, and so does a read that waits for its own write ({@link SignallingEventStore}, ADR
     * 0023).
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine,
            org.axonframework.config.Configuration configuration,
            StreamSignals signals) {
        return new SignallingEventStore(
                EmbeddedEventStore.builder()
                        .storageEngine(storageEngine)
                        .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                        .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                        .optimizeEventConsumption(false),
                signals);
    }

    /** What wakes the embedded default's processors: a heartbeat and reads waiting for a write (ADR 0023). */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    StreamSignals streamSignals(TimelineProperties properties) {
        long heartbeat = properties.eventStore().heartbeat().toMillis();
        if (heartbeat <= 0) {
            // without it a write nobody waits for would wait for the processors' 5 s backstop
            throw new IllegalStateException("timeline.event-store.heartbeat must be positive, was "
                    + properties.eventStore().heartbeat());
        }
        return new StreamSignals(heartbeat);
    }

    /** A read waiting for its own write asks the processors to look now (ADR 0023). */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    ProjectionWakeUp projectionWakeUp(StreamSignals signals, TimelineProperties properties) {
        return properties.eventStore().wakeOnRead() ? signals::raise : () -> {};
    }

    @Bean
    TokenStore tokenStore(
            RelationalStoreChecked postgres,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            Serializer serializer,
            TokenStoreProperties tokenStoreProperties) {
        JdbcTokenStore store = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .claimTimeout(tokenStoreProperties.getClaimTimeout())
                .build();
        transactionManager.executeInTransaction(() -> store.createSchema(PostgresTokenTableFactory.INSTANCE));
        return store;
    }

    /** The idempotency-key table: one row per key, the request's fingerprint and the first answer. */
    @Bean
    IdempotencySchema idempotencySchema(RelationalStoreChecked postgres, JdbcTemplate jdbc) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS idempotency_key ("
                + " idem_key VARCHAR(200) NOT NULL PRIMARY KEY,"
                + " request_hash VARCHAR(64) NOT NULL,"
                + " status INT,"
                + " response_body VARCHAR(65536),"
                + " location VARCHAR(1000),"
                + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        return new IdempotencySchema();
    }

    /** Marker that the idempotency table exists; stores depend on it. */
    public static final class IdempotencySchema {}
}
