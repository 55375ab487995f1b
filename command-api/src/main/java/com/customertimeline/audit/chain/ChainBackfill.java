package com.customertimeline.audit.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the events stored before chains existed (or copied in by the H2 migration) their chain rows:
 * once, in the background after start-up, in batches of positions, each batch one transaction that
 * also records how far it got, so a start after a kill resumes where the last commit left off. A log
 * line per batch tells the progress. Appends meanwhile are safe: chaining a stream chains its older
 * unchained events first ({@link EventChain}).
 *
 * <p>What a backfilled hash proves is weaker than an appended one (ADR 0014): it shows the event is
 * unchanged since the backfill ran, not since it was recorded. Checkpoints wait until the backfill is
 * done, so that the first one seals the whole history in position order.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class ChainBackfill {

    private static final Logger log = LoggerFactory.getLogger(ChainBackfill.class);
    static final int BATCH = 5_000;

    private final DataSource dataSource;
    private final EventStorageEngine engine;
    private volatile boolean done;

    ChainBackfill(DataSource dataSource, EventStorageEngine engine) {
        this.dataSource = dataSource;
        this.engine = engine;
    }

    /** True once every event stored before the service started has its chain row. */
    public boolean done() {
        return done;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startInBackground() {
        Thread thread = new Thread(
                () -> {
                    try {
                        run();
                    } catch (SQLException | RuntimeException e) {
                        log.error("Chain backfill failed; it resumes at the next start", e);
                    }
                },
                "chain-backfill");
        thread.setDaemon(true);
        thread.start();
    }

    /** Chains every unchained event up to the newest position at the start; returns the rows written. */
    public long run() throws SQLException {
        long written = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS event_chain_backfill ("
                        + " id INT NOT NULL PRIMARY KEY, last_position BIGINT NOT NULL, finished BOOLEAN NOT NULL)");
                statement.execute("INSERT INTO event_chain_backfill (id, last_position, finished) VALUES (1, -1, FALSE)"
                        + " ON CONFLICT DO NOTHING");
            }
            if (single(connection, "SELECT CASE WHEN finished THEN 1 ELSE 0 END FROM event_chain_backfill") == 1) {
                finished();
                return 0;
            }
            long target = single(connection, "SELECT coalesce(max(globalindex), -1) FROM " + EventChain.EVENTS);
            long position = single(connection, "SELECT last_position FROM event_chain_backfill WHERE id = 1");
            long unchained = single(
                    connection,
                    "SELECT count(*) FROM " + EventChain.EVENTS + " e WHERE NOT EXISTS"
                            + " (SELECT 1 FROM event_chain c WHERE c.global_index = e.globalindex)");
            if (unchained == 0) {
                markFinished(connection);
                return 0;
            }
            log.info(
                    "Chain backfill: {} events stored before hash chains get their chain, from position {} to {}",
                    unchained,
                    position + 1,
                    target);
            connection.setAutoCommit(false);
            while (position < target) {
                List<String> streams = new ArrayList<>();
                long last = position;
                try (PreparedStatement batch =
                        connection.prepareStatement("SELECT globalindex, aggregateidentifier FROM " + EventChain.EVENTS
                                + " WHERE globalindex > ? AND globalindex <= ? ORDER BY globalindex LIMIT ?")) {
                    batch.setLong(1, position);
                    batch.setLong(2, target);
                    batch.setInt(3, BATCH);
                    try (ResultSet rs = batch.executeQuery()) {
                        while (rs.next()) {
                            last = rs.getLong(1);
                            streams.add(rs.getString(2));
                        }
                    }
                }
                if (streams.isEmpty()) {
                    last = target;
                }
                written += EventChain.chainStreams(connection, streams, null);
                try (PreparedStatement progress =
                        connection.prepareStatement("UPDATE event_chain_backfill SET last_position = ? WHERE id = 1")) {
                    progress.setLong(1, last);
                    progress.executeUpdate();
                }
                connection.commit();
                position = last;
                log.info(
                        "Chain backfill: {} of {} events chained ({} %), up to position {} of {}",
                        written, unchained, Math.min(100, written * 100 / unchained), position, target);
            }
            connection.setAutoCommit(true);
            markFinished(connection);
        }
        log.info("Chain backfill done: {} events chained", written);
        return written;
    }

    /** Never again: after this, an unchained event is a forgery, not history waiting for its chain. */
    private void markFinished(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE event_chain_backfill SET finished = TRUE WHERE id = 1");
        }
        finished();
    }

    private void finished() {
        if (engine instanceof ChainedJdbcEventStorageEngine chained) {
            chained.markBackfillDone();
        }
        done = true;
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
