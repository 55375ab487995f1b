package com.customertimeline.audit.chain;

import com.customertimeline.audit.verifier.EventHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hash chains of the event streams (ADR 0014), kept in the {@code event_chain} table beside Axon's
 * {@code domainevententry}: one row per event with the stream and sequence it was appended at, its
 * hash (encoding of {@link EventHasher}), the previous hash of its stream, the digests of its payload
 * and metadata, and the leaf index a checkpoint sealed it at.
 *
 * <p>A stream is chained by reading back the rows just stored, in the appending transaction, so the
 * hash is of exactly the bytes PostgreSQL holds, never of a re-serialized object. Chaining a stream
 * chains every one of its events that has no chain row yet, in sequence order, which makes the same
 * call serve appends, the one-time backfill of events stored before chains existed, and a stream
 * appended to while the backfill has not reached it. Rows are inserted with {@code ON CONFLICT DO
 * NOTHING}: the backfill and an append that chain the same event compute the same row.
 */
public final class EventChain {

    /** Axon's event table and columns, as its PostgreSQL table factory creates them (unquoted, so lower case). */
    public static final String EVENTS = "domainevententry";

    public static final String EVENT_COLUMNS = "globalindex, eventidentifier, type, aggregateidentifier,"
            + " sequencenumber, timestamp, payloadtype, payloadrevision, payload, metadata";

    public static final String CHAIN_COLUMNS =
            "global_index, event_id, aggregate_id, seq, version, hash, prev_hash, payload_digest,"
                    + " metadata_digest, leaf_index";

    /** Creates the chain table if it is not there. */
    public static void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS event_chain ("
                    + " global_index BIGINT NOT NULL PRIMARY KEY,"
                    + " event_id VARCHAR(255) NOT NULL UNIQUE,"
                    + " aggregate_id VARCHAR(255) NOT NULL,"
                    + " seq BIGINT NOT NULL,"
                    + " version SMALLINT NOT NULL,"
                    + " hash BYTEA NOT NULL,"
                    + " prev_hash BYTEA,"
                    + " payload_digest BYTEA NOT NULL,"
                    + " metadata_digest BYTEA,"
                    + " leaf_index BIGINT UNIQUE,"
                    + " UNIQUE (aggregate_id, seq))");
            statement.execute("CREATE INDEX IF NOT EXISTS event_chain_unsealed ON event_chain (global_index)"
                    + " WHERE leaf_index IS NULL");
        }
    }

    private EventChain() {}

    /**
     * Chains events of the streams that have no chain row yet, in sequence order after each stream's
     * head; returns how many rows were written.
     *
     * @param onlyEvents when not null, only these events are chained: once the backfill is finished an
     *     unchained older event can only have been inserted behind the service's back, and an append
     *     must not launder it into the chain (verification reports it as inserted)
     */
    public static int chainStreams(Connection connection, Collection<String> aggregateIds, Set<String> onlyEvents)
            throws SQLException {
        List<String> streams = new ArrayList<>(new LinkedHashSet<>(aggregateIds));
        int written = 0;
        for (int from = 0; from < streams.size(); from += STREAMS_PER_STATEMENT) {
            written += chainChunk(
                    connection,
                    streams.subList(from, Math.min(streams.size(), from + STREAMS_PER_STATEMENT)),
                    onlyEvents);
        }
        return written;
    }

    /** How many streams one read of heads and events covers (the backfill passes thousands at once). */
    private static final int STREAMS_PER_STATEMENT = 250;

    /** Advisory-lock namespace of the chain heads (the two-integer form of {@code pg_advisory_xact_lock}). */
    private static final int HEAD_LOCKS = 1_402_114;

    /** How many locks the streams are spread over: a transaction holds at most this many. */
    private static final int HEAD_LOCK_BUCKETS = 256;

    /**
     * Serializes the chaining of the same streams until the appending transaction ends. An append reads
     * a stream's head as committed; two transactions appending to one stream must not both read the same
     * head, or their rows would both follow it (a fork the verification reports). Axon's aggregate lock
     * keeps two commands of one customer apart only until the command's unit of work ends, which can be
     * before its transaction commits (a live command with an Idempotency-Key completes its key after it).
     * Streams are spread over {@value #HEAD_LOCK_BUCKETS} locks, taken in ascending order, so a batch
     * holds a bounded number and two transactions cannot wait for each other in a circle.
     */
    public static void lockHeads(Connection connection, Collection<String> aggregateIds) throws SQLException {
        if (aggregateIds.isEmpty()) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, b) FROM"
                + " (SELECT DISTINCT (hashtext(id) & " + (HEAD_LOCK_BUCKETS - 1) + ") AS b"
                + " FROM unnest(?::varchar[]) AS s(id) ORDER BY b) buckets")) {
            lock.setInt(1, HEAD_LOCKS);
            lock.setArray(2, connection.createArrayOf("varchar", aggregateIds.toArray()));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    // each row is one lock taken
                }
            }
        }
    }

    private static int chainChunk(Connection connection, List<String> streams, Set<String> onlyEvents)
            throws SQLException {
        // three statements for all the streams, however many an append (a batch of an import) touched
        Map<String, byte[]> previous = new HashMap<>();
        Long[] after = new Long[streams.size()];
        Arrays.fill(after, -1L);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < streams.size(); i++) {
            position.put(streams.get(i), i);
        }
        try (PreparedStatement heads = connection.prepareStatement("SELECT s.id, c.seq, c.hash"
                + " FROM unnest(?::varchar[]) AS s(id)"
                + " CROSS JOIN LATERAL (SELECT seq, hash FROM event_chain WHERE aggregate_id = s.id"
                + " ORDER BY seq DESC LIMIT 1) c")) {
            heads.setArray(1, connection.createArrayOf("varchar", streams.toArray()));
            try (ResultSet rs = heads.executeQuery()) {
                while (rs.next()) {
                    after[position.get(rs.getString(1))] = rs.getLong(2);
                    previous.put(rs.getString(1), rs.getBytes(3));
                }
            }
        }
        EventHasher hasher = new EventHasher();
        int written = 0;
        try (PreparedStatement unchained = connection.prepareStatement("SELECT " + prefixed("e.", EVENT_COLUMNS)
                        + " FROM unnest(?::varchar[], ?::bigint[]) WITH ORDINALITY AS s(id, after, ord)"
                        + " CROSS JOIN LATERAL (SELECT " + EVENT_COLUMNS + " FROM " + EVENTS
                        + " WHERE aggregateidentifier = s.id AND sequencenumber > s.after) e"
                        + " ORDER BY s.ord, e.sequencenumber");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO event_chain (" + CHAIN_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING")) {
            unchained.setArray(1, connection.createArrayOf("varchar", streams.toArray()));
            unchained.setArray(2, connection.createArrayOf("bigint", after));
            try (ResultSet rs = unchained.executeQuery()) {
                while (rs.next()) {
                    if (onlyEvents != null && !onlyEvents.contains(rs.getString("eventidentifier"))) {
                        continue;
                    }
                    String aggregateId = rs.getString("aggregateidentifier");
                    byte[] before = previous.get(aggregateId);
                    byte[] payloadDigest = hasher.digest(rs.getBytes("payload"));
                    byte[] metadataDigest = hasher.digest(rs.getBytes("metadata"));
                    long sequence = rs.getLong("sequencenumber");
                    byte[] hash = hasher.hash(
                            rs.getString("eventidentifier"),
                            rs.getString("type"),
                            aggregateId,
                            sequence,
                            rs.getString("timestamp"),
                            rs.getString("payloadtype"),
                            rs.getString("payloadrevision"),
                            payloadDigest,
                            metadataDigest,
                            before);
                    insert.setLong(1, rs.getLong("globalindex"));
                    insert.setString(2, rs.getString("eventidentifier"));
                    insert.setString(3, aggregateId);
                    insert.setLong(4, sequence);
                    insert.setInt(5, EventHasher.VERSION);
                    insert.setBytes(6, hash);
                    insert.setBytes(7, before);
                    insert.setBytes(8, payloadDigest);
                    insert.setBytes(9, metadataDigest);
                    insert.addBatch();
                    written++;
                    previous.put(aggregateId, hash);
                }
            }
            if (written > 0) {
                insert.executeBatch();
            }
        }
        return written;
    }

    private static String prefixed(String prefix, String columns) {
        return Arrays.stream(columns.split(",\\s*")).map(c -> prefix + c).collect(Collectors.joining(", "));
    }
}
