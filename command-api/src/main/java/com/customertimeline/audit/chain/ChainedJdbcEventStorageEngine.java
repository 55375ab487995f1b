package com.customertimeline.audit.chain;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC event store that also chains every appended event (ADR 0014): after Axon's own insert,
 * in the same transaction, each touched stream gets its {@code event_chain} rows ({@link EventChain}).
 * Either the events and their chain rows commit together or neither does, so no acknowledged event is
 * ever without its hash. Only Axon's protected {@code appendEvents} extension point is overridden.
 */
public class ChainedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    private final ConnectionProvider connections;
    private final TransactionManager transactions;
    private volatile boolean backfillDone;

    public ChainedJdbcEventStorageEngine(
            JdbcEventStorageEngine.Builder builder, ConnectionProvider connections, TransactionManager transactions) {
        super(builder);
        this.connections = connections;
        this.transactions = transactions;
    }

    /**
     * From now on an append chains only its own events: every event stored before chains existed has
     * its row, so an unchained one is a forgery that must stay visible as such.
     */
    public void markBackfillDone() {
        backfillDone = true;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeInTransaction(() -> {
            super.appendEvents(events, serializer);
            List<String> streams = new ArrayList<>();
            Set<String> appended = backfillDone ? new HashSet<>() : null;
            for (EventMessage<?> event : events) {
                if (appended != null) {
                    appended.add(event.getIdentifier());
                }
                streams.add(
                        event instanceof DomainEventMessage<?> domain
                                ? domain.getAggregateIdentifier()
                                : event.getIdentifier());
            }
            try (Connection connection = connections.getConnection()) {
                EventChain.lockHeads(connection, streams);
                EventChain.chainStreams(connection, streams, appended);
            } catch (SQLException e) {
                throw new EventStoreException("chaining the appended events failed", e);
            }
        });
    }
}
