package com.customertimeline.audit.checkpoint;

import com.customertimeline.audit.chain.ChainBackfill;
import com.customertimeline.audit.verifier.Merkle;
import com.customertimeline.audit.verifier.SignedCheckpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes and keeps the signed checkpoints (ADR 0014). Making one seals every chained event not sealed
 * yet, in position order, by giving it the next leaf index, then signs the RFC 6962 Merkle root over
 * all sealed event hashes in leaf order. Leaves are only ever appended, so each checkpoint's tree
 * extends the previous one and a consistency proof between any two exists. Sealing at checkpoint time
 * (rather than numbering leaves on append) keeps appends free of a global lock; an event that commits
 * late simply takes the next leaf.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class CheckpointLedger {

    private static final Logger log = LoggerFactory.getLogger(CheckpointLedger.class);

    /** Serializes checkpoint making across service instances sharing the database. */
    private static final long LOCK = 0x4354_4c43_4b50L;

    /** A consistency proof reads this many leaves into memory at most (32 bytes each). */
    static final long MAX_PROOF_TREE = 4_000_000;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final SigningKey key;
    private final ChainBackfill backfill;
    private final Clock clock;

    CheckpointLedger(DataSource dataSource, JdbcTemplate jdbc, SigningKey key, ChainBackfill backfill, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.key = key;
        this.backfill = backfill;
        this.clock = clock;
        jdbc.execute("CREATE TABLE IF NOT EXISTS audit_checkpoint ("
                + " id BIGSERIAL PRIMARY KEY,"
                + " tree_size BIGINT NOT NULL,"
                + " root_hash BYTEA NOT NULL,"
                + " created_at VARCHAR(40) NOT NULL,"
                + " signature BYTEA NOT NULL,"
                + " key_id VARCHAR(64) NOT NULL)");
    }

    /** Thrown while the backfill still runs: a checkpoint then would seal history out of position order. */
    public static final class BackfillRunningException extends RuntimeException {
        public BackfillRunningException() {
            super("events stored before hash chains are still being chained; try again when the backfill is done");
        }
    }

    /** Seals the new events and signs a checkpoint over everything sealed. */
    public SignedCheckpoint create() {
        if (!backfill.done()) {
            throw new BackfillRunningException();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                SignedCheckpoint checkpoint = create(connection);
                connection.commit();
                log.info(
                        "Checkpoint {}: {} events, root {}",
                        checkpoint.id(),
                        checkpoint.treeSize(),
                        java.util.HexFormat.of().formatHex(checkpoint.rootHash()));
                return checkpoint;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("making a checkpoint failed", e);
        }
    }

    private SignedCheckpoint create(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            lock.execute();
        }
        long sealed;
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT coalesce(max(leaf_index) + 1, 0) FROM event_chain WHERE leaf_index IS NOT NULL")) {
            try (ResultSet rs = next.executeQuery()) {
                rs.next();
                sealed = rs.getLong(1);
            }
        }
        try (PreparedStatement seal = connection.prepareStatement("UPDATE event_chain c SET leaf_index = ? + s.n - 1"
                + " FROM (SELECT global_index, row_number() OVER (ORDER BY global_index) AS n"
                + " FROM event_chain WHERE leaf_index IS NULL) s WHERE c.global_index = s.global_index")) {
            seal.setLong(1, sealed);
            sealed += seal.executeUpdate();
        }
        Merkle.RootBuilder root = new Merkle.RootBuilder();
        try (PreparedStatement leaves = connection.prepareStatement(
                "SELECT hash FROM event_chain WHERE leaf_index IS NOT NULL ORDER BY leaf_index")) {
            leaves.setFetchSize(10_000);
            try (ResultSet rs = leaves.executeQuery()) {
                while (rs.next()) {
                    root.add(rs.getBytes(1));
                }
            }
        }
        if (root.size() != sealed) {
            throw new IllegalStateException("leaf indexes are not dense: " + root.size() + " leaves, " + sealed
                    + " expected; run a verification");
        }
        Instant createdAt = clock.instant();
        byte[] rootHash = root.root();
        byte[] signature = SignedCheckpoint.sign(key.privateKey(), sealed, rootHash, createdAt);
        long id;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_checkpoint (tree_size, root_hash, created_at, signature, key_id)"
                        + " VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            insert.setLong(1, sealed);
            insert.setBytes(2, rootHash);
            insert.setString(3, createdAt.toString());
            insert.setBytes(4, signature);
            insert.setString(5, key.keyId());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        return new SignedCheckpoint(id, sealed, rootHash, createdAt, signature);
    }

    /** Every checkpoint, oldest first. */
    public List<SignedCheckpoint> all() {
        return jdbc.query(
                "SELECT id, tree_size, root_hash, created_at, signature FROM audit_checkpoint ORDER BY id",
                (rs, n) -> new SignedCheckpoint(
                        rs.getLong(1), rs.getLong(2), rs.getBytes(3), Instant.parse(rs.getString(4)), rs.getBytes(5)));
    }

    public SignedCheckpoint find(long id) {
        return all().stream().filter(c -> c.id() == id).findFirst().orElse(null);
    }

    /** The RFC 6962 consistency proof from a tree of {@code m} leaves to one of {@code n}. */
    public List<byte[]> consistencyProof(long m, long n) {
        if (n > MAX_PROOF_TREE) {
            throw new IllegalArgumentException("trees over " + MAX_PROOF_TREE + " events are beyond this proof");
        }
        List<byte[]> leaves = new ArrayList<>((int) n);
        jdbc.query(
                con -> {
                    PreparedStatement statement = con.prepareStatement(
                            "SELECT hash FROM event_chain WHERE leaf_index IS NOT NULL AND leaf_index < ?"
                                    + " ORDER BY leaf_index");
                    statement.setLong(1, n);
                    statement.setFetchSize(10_000);
                    return statement;
                },
                rs -> {
                    leaves.add(rs.getBytes(1));
                });
        if (leaves.size() != n) {
            throw new IllegalStateException("the chain holds " + leaves.size() + " of the " + n + " sealed leaves");
        }
        return Merkle.consistencyProof(leaves, (int) m);
    }
}
