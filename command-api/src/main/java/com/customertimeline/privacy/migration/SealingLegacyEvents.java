package com.customertimeline.privacy.migration;

import com.customertimeline.audit.chain.ChainBackfill;
import com.customertimeline.audit.reseal.ResealLedger;
import com.customertimeline.privacy.PrivacyProperties;
import com.customertimeline.privacy.serialization.PersonalComponents;
import com.customertimeline.privacy.serialization.PersonalTexts;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Encrypts, in place, the personal texts of events stored before personal data was encrypted, so that
 * every customer, not only those registered since, can be erased (ADR 0017). Each such event's payload
 * is rewritten with its plaintext strings sealed under its customer's key (created for it if the
 * customer has none) and everything else byte for byte as it was; a signed re-seal record
 * ({@link ResealLedger}) written in the same transaction tells auditors which event changed, from which
 * payload digest to which, and when, so the hash chain and the checkpoints still verify (ADR 0014).
 * The customers' snapshots, which hold the same plaintext, are deleted and rebuilt from the events on
 * the next load.
 *
 * <p>Runs once, in the background after the start (and after the chain backfill, so that the chain
 * commits to the plaintext the re-seal replaces), over the events stored up to that start, in batches
 * of positions; each batch commits together with how far it got, so a start after a kill resumes
 * there. A log line per batch tells the progress. Events appended meanwhile are sealed when stored.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class SealingLegacyEvents {

    private static final Logger log = LoggerFactory.getLogger(SealingLegacyEvents.class);

    static final String REASON = "personal texts stored before encryption, encrypted in place (ADR 0017)";

    /** Keeps numbers as written (an amount of 1250.00 stays 1250.00) when a payload is read and written again. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final DataSource dataSource;
    private final PersonalTexts texts;
    private final ResealLedger reseals;
    private final ChainBackfill chainBackfill;
    private final Cache customerCache;
    private final Clock clock;
    private final int batchSize;
    private volatile Progress progress = new Progress(false, 0, 0, -1, -1);

    /**
     * How far the sealing got.
     *
     * @param sealed events rewritten so far (over every run)
     * @param examined events looked at in this run
     */
    public record Progress(boolean finished, long sealed, long examined, long position, long target) {}

    SealingLegacyEvents(
            DataSource dataSource,
            PersonalTexts texts,
            ResealLedger reseals,
            ChainBackfill chainBackfill,
            @Qualifier("customerCache") Cache customerCache,
            Clock clock,
            PrivacyProperties properties) {
        this.dataSource = dataSource;
        this.texts = texts;
        this.reseals = reseals;
        this.chainBackfill = chainBackfill;
        this.customerCache = customerCache;
        this.clock = clock;
        this.batchSize = properties.sealingBatch();
    }

    public Progress progress() {
        return progress;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startInBackground() {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (!chainBackfill.done()) {
                            Thread.sleep(200);
                        }
                        run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (SQLException | RuntimeException e) {
                        // every batch before this one is committed; the next start begins with this one
                        // again, so a cause that stays (an event it cannot seal) needs an operator
                        Progress at = progress;
                        log.error(
                                "Sealing of personal texts stored before encryption stopped after position {} of {}"
                                        + " ({} events sealed); the next start retries from there. Customers with"
                                        + " events after that position cannot be erased until it passes (409"
                                        + " unencrypted-history)",
                                at.position(),
                                at.target(),
                                at.sealed(),
                                e);
                    }
                },
                "personal-data-sealing");
        thread.setDaemon(true);
        thread.start();
    }

    /** Seals every legacy event up to the newest position at the start; returns the events rewritten in this run. */
    public long run() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS personal_data_sealing ("
                        + " id INT NOT NULL PRIMARY KEY, last_position BIGINT NOT NULL, target BIGINT NOT NULL,"
                        + " sealed BIGINT NOT NULL, finished BOOLEAN NOT NULL)");
                // the newest position now is the last one that can hold a plaintext: later events are sealed
                statement.execute("INSERT INTO personal_data_sealing (id, last_position, target, sealed, finished)"
                        + " SELECT 1, -1, coalesce(max(globalindex), -1), 0, FALSE FROM domainevententry"
                        + " ON CONFLICT DO NOTHING");
            }
            long position;
            long target;
            long sealed;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(
                            "SELECT last_position, target, sealed, finished FROM personal_data_sealing WHERE id = 1")) {
                rs.next();
                position = rs.getLong(1);
                target = rs.getLong(2);
                sealed = rs.getLong(3);
                if (rs.getBoolean(4)) {
                    progress = new Progress(true, sealed, 0, position, target);
                    return 0;
                }
            }
            long sealedBefore = sealed;
            long examined = 0;
            if (position < target) {
                log.info("Sealing personal texts stored before encryption: positions {} to {}", position + 1, target);
            }
            connection.setAutoCommit(false);
            while (position < target) {
                Batch batch = sealBatch(connection, position, target);
                sealed += batch.sealed();
                examined += batch.examined();
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE personal_data_sealing SET last_position = ?, sealed = ? WHERE id = 1")) {
                    update.setLong(1, batch.last());
                    // finished only once the replaced rows are gone from disk too (below): a run stopped
                    // between the last batch and the rewrite does the rewrite at the next start
                    update.setLong(2, sealed);
                    update.executeUpdate();
                }
                connection.commit();
                batch.customers().forEach(customerCache::remove);
                position = batch.last();
                progress = new Progress(false, sealed, examined, position, target);
                log.info(
                        "Sealing personal texts stored before encryption: {} events sealed, up to position {} of {}",
                        sealed,
                        position,
                        target);
            }
            connection.setAutoCommit(true);
            if (sealed > 0) {
                forgetReplacedRows(connection);
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE personal_data_sealing SET finished = TRUE WHERE id = 1");
            }
            progress = new Progress(true, sealed, examined, position, target);
            return sealed - sealedBefore;
        }
    }

    /**
     * PostgreSQL keeps a replaced row's old version in the table's pages and the write-ahead log: the
     * plaintext would stay on disk. Rewriting the tables drops the old versions; switching to a new log
     * segment and a checkpoint let the server delete the segments that held them. The rewrite takes
     * each table's exclusive lock, which holds off reads as well as appends, for its duration (seconds
     * per million events), once; it waits at most a few seconds for the lock at a time, so statements
     * never queue behind it for long, and tries again until it gets it.
     */
    private void forgetReplacedRows(Connection connection) throws SQLException {
        log.info("Sealing personal texts stored before encryption: rewriting the event and snapshot tables so"
                + " no replaced row stays on disk");
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                try {
                    statement.execute("SET lock_timeout = '3s'");
                    statement.execute("VACUUM FULL domainevententry");
                    statement.execute("VACUUM FULL snapshotevententry");
                } finally {
                    // the pool hands this connection out again: no append may inherit the short timeout
                    statement.execute("RESET lock_timeout");
                }
                break;
            } catch (SQLException e) {
                if (!"55P03".equals(e.getSQLState()) || attempt == 20) {
                    throw e;
                }
                log.info("Sealing: the event table is busy; rewriting it again in a moment (attempt {})", attempt);
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_switch_wal()");
            statement.execute("CHECKPOINT");
        } catch (SQLException notPermitted) {
            // a managed PostgreSQL may refuse both to a service account; its log segments expire on their own
            log.warn(
                    "Sealing: could not retire the write-ahead log segments holding the replaced rows ({});"
                            + " they go when PostgreSQL recycles them",
                    notPermitted.getMessage());
        }
    }

    private record Batch(long last, long examined, long sealed, Set<String> customers) {}

    private Batch sealBatch(Connection connection, long after, long target) throws SQLException {
        long last = target;
        long examined = 0;
        long sealed = 0;
        Set<String> customers = new LinkedHashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT globalindex, eventidentifier, aggregateidentifier, payloadtype, payload"
                                + " FROM domainevententry WHERE globalindex > ? AND globalindex <= ?"
                                + " ORDER BY globalindex LIMIT ?");
                PreparedStatement rewrite = connection.prepareStatement(
                        "UPDATE domainevententry SET payload = ? WHERE globalindex = ? AND payload = ?");
                PreparedStatement snapshots =
                        connection.prepareStatement("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?")) {
            select.setLong(1, after);
            select.setLong(2, target);
            select.setInt(3, batchSize);
            int rows = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    examined++;
                    last = rs.getLong("globalindex");
                    byte[] payload = rs.getBytes("payload");
                    Optional<byte[]> resealed = seal(rs.getString("payloadtype"), payload);
                    if (resealed.isEmpty()) {
                        continue;
                    }
                    rewrite.setBytes(1, resealed.get());
                    rewrite.setLong(2, last);
                    rewrite.setBytes(3, payload);
                    if (rewrite.executeUpdate() != 1) {
                        throw new IllegalStateException(
                                "the event at position " + last + " changed while it was sealed");
                    }
                    reseals.record(
                            connection,
                            rs.getString("eventidentifier"),
                            last,
                            payload,
                            resealed.get(),
                            Instant.now(clock),
                            REASON);
                    String aggregate = rs.getString("aggregateidentifier");
                    if (customers.add(aggregate)) {
                        snapshots.setString(1, aggregate);
                        snapshots.executeUpdate();
                    }
                    sealed++;
                }
            }
            if (rows < batchSize) {
                last = target;
            }
        }
        return new Batch(last, examined, sealed, customers);
    }

    /** The payload with its personal plaintext sealed, or empty when it holds none. */
    Optional<byte[]> seal(String payloadType, byte[] payload) {
        Class<?> type;
        try {
            type = Class.forName(payloadType, false, SealingLegacyEvents.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(payload);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!PersonalComponents.holdsPlaintext(type, tree)) {
            return Optional.empty();
        }
        String subject = PersonalComponents.subject(type, tree)
                .orElseThrow(
                        () -> new IllegalStateException(payloadType + " holds personal data but names no subject"));
        PersonalComponents.sealPlaintext(type, tree, text -> texts.encrypt(subject, text));
        try {
            byte[] sealed = JSON.writeValueAsBytes(tree);
            return Arrays.equals(sealed, payload) ? Optional.empty() : Optional.of(sealed);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a sealed payload", e);
        }
    }
}
