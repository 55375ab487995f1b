package com.customertimeline.app;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.GenericTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenTableFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The relational side of storage: Axon's JDBC event store (embedded default on an H2 file, tests on
 * PostgreSQL), the tracking-token store and the idempotency keys. Tables are created with Axon's own
 * vendor-specific DDL ({@code CREATE TABLE IF NOT EXISTS}) before the engine is handed out, so a fresh
 * data folder or database just works and nothing here re-states Axon's schema by hand.
 */
@Configuration
public class StorageConfig {

    /** Which relational database this is, read once from a connection: PostgreSQL, or else H2. */
    public record RelationalVendor(boolean postgres) {}

    @Bean
    RelationalVendor relationalVendor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return new RelationalVendor(connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase()
                    .contains("postgres"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the relational store", e);
        }
    }

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

    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    EventStorageEngine eventStorageEngine(
            RelationalVendor vendor,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            PersistenceExceptionResolver persistenceExceptionResolver,
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration configuration) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .readEventDataWithGaps(TrackedEventQueries::readEventDataWithGaps)
                .build();
        EventTableFactory tables =
                vendor.postgres() ? PostgresEventTableFactory.INSTANCE : H2EventTableFactory.INSTANCE;
        transactionManager.executeInTransaction(() -> engine.createSchema(tables));
        return engine;
    }

    @Bean
    TokenStore tokenStore(
            RelationalVendor vendor,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            Serializer serializer,
            TokenStoreProperties tokenStoreProperties) {
        JdbcTokenStore store = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .claimTimeout(tokenStoreProperties.getClaimTimeout())
                .build();
        TokenTableFactory tables =
                vendor.postgres() ? PostgresTokenTableFactory.INSTANCE : GenericTokenTableFactory.INSTANCE;
        transactionManager.executeInTransaction(() -> store.createSchema(tables));
        return store;
    }

    /** The idempotency-key table: one row per key, the request's fingerprint and the first answer. */
    @Bean
    IdempotencySchema idempotencySchema(JdbcTemplate jdbc) {
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
