package com.customertimeline.audit.reseal;

import com.customertimeline.audit.checkpoint.SigningKey;
import com.customertimeline.audit.verifier.EventHasher;
import com.customertimeline.audit.verifier.Reseal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The record of events whose stored payload the service itself replaced: today only the encryption in
 * place of personal texts stored before encryption existed (ADR 0017). Each row is a {@link Reseal}
 * signed with the checkpoints' key and written in the transaction that replaces the payload, so a
 * replaced payload never exists without its record. Verification and the export read the rows next to
 * the events; a payload change without a matching, signed row stays tampering (ADR 0014).
 *
 * <p>Columns: {@code resealed_at} holds the instant exactly as signed (ISO-8601 text, so the statement
 * can be rebuilt byte for byte); {@code recorded_at} holds the same instant as a timestamp for queries.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class ResealLedger {

    public static final String TABLE = "event_reseal";

    private final SigningKey key;
    private final EventHasher hasher = new EventHasher();

    ResealLedger(JdbcTemplate jdbc, SigningKey key) {
        this.key = key;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + " event_id VARCHAR(255) NOT NULL PRIMARY KEY,"
                + " global_index BIGINT NOT NULL,"
                + " old_payload_digest BYTEA NOT NULL,"
                + " new_payload_digest BYTEA NOT NULL,"
                + " resealed_at VARCHAR(40) NOT NULL,"
                + " reason VARCHAR(500) NOT NULL,"
                + " signature BYTEA NOT NULL,"
                + " recorded_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS event_reseal_position ON " + TABLE + " (global_index)");
    }

    /**
     * Records, on the caller's connection and so in its transaction, that the event's payload {@code
     * oldPayload} was replaced by {@code newPayload}. An event is re-sealed at most once: recording the
     * same replacement again changes nothing (a re-run), while recording another replacement of an event
     * already re-sealed throws {@link IllegalStateException}, so that the caller's transaction, and with
     * it a payload no record would cover, is not committed.
     *
     * @param reason why the payload was replaced: one line of at most 500 characters, part of the signed
     *     statement
     */
    public void record(
            Connection connection,
            String eventId,
            long globalIndex,
            byte[] oldPayload,
            byte[] newPayload,
            Instant resealedAt,
            String reason)
            throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(oldPayload, "oldPayload");
        Objects.requireNonNull(newPayload, "newPayload");
        Objects.requireNonNull(resealedAt, "resealedAt");
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("a re-seal names its event");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500 || reason.contains("\n")) {
            throw new IllegalArgumentException("a re-seal's reason is one line of 1 to 500 characters");
        }
        byte[] oldDigest = hasher.digest(oldPayload);
        byte[] newDigest = hasher.digest(newPayload);
        String at = resealedAt.toString();
        byte[] signature = key.signReseal(eventId, oldDigest, newDigest, at, reason);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (event_id, global_index, old_payload_digest, new_payload_digest, resealed_at, reason, signature,"
                + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
            insert.setString(1, eventId);
            insert.setLong(2, globalIndex);
            insert.setBytes(3, oldDigest);
            insert.setBytes(4, newDigest);
            insert.setString(5, at);
            insert.setString(6, reason);
            insert.setBytes(7, signature);
            insert.setTimestamp(8, Timestamp.from(resealedAt));
            if (insert.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement existing = connection.prepareStatement(
                "SELECT old_payload_digest, new_payload_digest FROM " + TABLE + " WHERE event_id = ?")) {
            existing.setString(1, eventId);
            try (ResultSet rs = existing.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(
                            "event " + eventId + " is being re-sealed by another transaction at the same time");
                }
                byte[] recordedOld = rs.getBytes(1);
                byte[] recordedNew = rs.getBytes(2);
                if (!EventHasher.same(recordedOld, oldDigest) || !EventHasher.same(recordedNew, newDigest)) {
                    HexFormat hex = HexFormat.of();
                    throw new IllegalStateException("event " + eventId + " was already re-sealed from payload "
                            + hex.formatHex(recordedOld) + " to " + hex.formatHex(recordedNew)
                            + "; a second re-seal (from " + hex.formatHex(oldDigest) + ") would leave its payload"
                            + " without a record the chain accepts");
                }
            }
        }
    }
}
