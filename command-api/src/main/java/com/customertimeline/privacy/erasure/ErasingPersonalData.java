package com.customertimeline.privacy.erasure;

import com.customertimeline.api.CommandSupport;
import com.customertimeline.domain.customer.EraseCustomerPersonalData;
import com.customertimeline.privacy.keys.CustomerKeys;
import com.customertimeline.readmodel.embedded.ProjectionStoreFile;
import com.customertimeline.replay.CustomerRebuild;
import com.customertimeline.security.Caller;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Erasing a customer's personal data (PIPL art. 47, GDPR art. 17) by crypto-shredding: the erasure is
 * recorded as an event, the customer's data key is destroyed, and everything derived that held the
 * plaintext is made again from the events, which now read as {@code PersonalData.ERASED}: the cached
 * aggregate and its snapshots, the customer's read-model documents and as-of copies, and the
 * embedded projection store's file. Every step can be repeated; {@link ErasureFollowThrough} repeats
 * them after a crash between the event and the last step (ADR 0017).
 */
@Component
public class ErasingPersonalData {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ErasingPersonalData.class);

    /** The customer does not exist. */
    public static final class UnknownCustomer extends RuntimeException {
        UnknownCustomer(String customerId) {
            super("no customer " + customerId);
        }
    }

    /**
     * The customer has events stored before personal data was encrypted: destroying the key would leave
     * their plaintext readable, so the erasure is refused rather than reported done (ADR 0017).
     */
    public static final class UnencryptedHistoryException extends RuntimeException {
        UnencryptedHistoryException(String customerId, List<Long> sequences) {
            super("customer " + customerId + " has " + sequences.size() + " events stored before personal data was"
                    + " encrypted (first at sequence " + sequences.get(0) + "); the service encrypts such events in"
                    + " place after its start (SealingLegacyEvents, progress in the log): erase again once it has"
                    + " finished (ADR 0017)");
        }
    }

    /**
     * An erased customer.
     *
     * @param version the customer's version after the erasure (pass as {@code minVersion} to a read)
     * @param completedAt when everything derived from the customer's personal data was cleaned up
     */
    public record Erased(String customerId, long version, Instant completedAt) {}

    private final EventStore eventStore;
    private final CommandSupport commands;
    private final CustomerKeys keys;
    private final Cache customerCache;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final CustomerRebuild rebuild;
    private final ObjectProvider<ProjectionStoreFile> projectionFile;
    private final Clock clock;
    private final UnencryptedHistory unencrypted;

    ErasingPersonalData(
            EventStore eventStore,
            CommandSupport commands,
            CustomerKeys keys,
            @Qualifier("customerCache") Cache customerCache,
            JdbcTemplate jdbc,
            DataSource dataSource,
            CustomerRebuild rebuild,
            ObjectProvider<ProjectionStoreFile> projectionFile,
            Clock clock,
            UnencryptedHistory unencrypted) {
        this.eventStore = eventStore;
        this.commands = commands;
        this.keys = keys;
        this.customerCache = customerCache;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.rebuild = rebuild;
        this.projectionFile = projectionFile;
        this.clock = clock;
        this.unencrypted = unencrypted;
        jdbc.execute("CREATE TABLE IF NOT EXISTS customer_erasure ("
                + " customer_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                + " completed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    /**
     * Records the erasure (once; a repeated request changes nothing) and cleans up after it.
     *
     * @throws UnknownCustomer when there is no such customer
     */
    public Erased erase(String customerId, String reason) {
        requireCustomer(customerId);
        List<Long> plaintext = unencrypted.plaintextEvents(customerId);
        if (!plaintext.isEmpty() && !completed(customerId)) {
            throw new UnencryptedHistoryException(customerId, plaintext);
        }
        long version = commands.send(
                new EraseCustomerPersonalData(
                        customerId, reason, Caller.require().principal(), commands.businessTime(null)),
                null,
                null);
        return cleanUp(customerId, version);
    }

    /** Whether the clean-up after the customer's erasure has finished. */
    public boolean completed(String customerId) {
        return completedAt(customerId) != null;
    }

    /**
     * Destroys the key and rebuilds everything derived; safe to repeat, one erasure at a time. The key
     * goes first: from then on nothing can be made from the events but placeholders.
     */
    synchronized Erased cleanUp(String customerId, long version) {
        Instant done = completedAt(customerId);
        if (done != null) {
            return new Erased(customerId, version, done);
        }
        keys.destroy(customerId);
        customerCache.remove(customerId);
        jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?", customerId);
        CustomerRebuild.Rebuilt rebuilt = rebuild.rebuild(customerId);
        ProjectionStoreFile file = projectionFile.getIfAvailable();
        ProjectionStoreFile.Rewritten rewritten = file == null ? null : file.rewrite();
        // the destroyed key's earlier row version must not stay in the table's pages
        vacuum("VACUUM FULL customer_data_key");
        Instant completedAt = clock.instant();
        jdbc.update(
                "INSERT INTO customer_erasure (customer_id, completed_at) VALUES (?, ?) ON CONFLICT (customer_id) DO NOTHING",
                customerId,
                Timestamp.from(completedAt));
        log.info(
                "erased customer {}: key destroyed, {} events rebuilt in {} ms, projection file {}",
                customerId,
                rebuilt.events(),
                rebuilt.millis(),
                rewritten == null ? "not used" : rewritten.bytesBefore() + " -> " + rewritten.bytesAfter() + " bytes");
        return new Erased(customerId, Math.max(version, rebuilt.version()), completedAt);
    }

    private Instant completedAt(String customerId) {
        return jdbc
                .query(
                        "SELECT completed_at FROM customer_erasure WHERE customer_id = ?",
                        (rs, i) -> rs.getTimestamp(1).toInstant(),
                        customerId)
                .stream()
                .findFirst()
                .orElse(null);
    }

    private void requireCustomer(String customerId) {
        var first = eventStore.readEvents(customerId, 0);
        if (!first.hasNext() || !"Customer".equals(first.peek().getType())) {
            throw new UnknownCustomer(customerId);
        }
    }

    /** VACUUM runs outside any transaction: on a connection of its own, whoever calls. */
    private void vacuum(String statement) {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(true);
            try {
                sql.execute("SET lock_timeout = '10s'");
                sql.execute(statement);
            } finally {
                // the pool hands this connection out again: no append may inherit the timeout
                sql.execute("RESET lock_timeout");
            }
        } catch (SQLException e) {
            // the key is destroyed either way; the old row version then goes with PostgreSQL's autovacuum
            log.warn("{} did not run ({}); autovacuum will remove the old row versions", statement, e.getMessage());
        }
    }
}
