package com.customertimeline.eventstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a data folder written before the embedded default ran on PostgreSQL (its relational store was
 * the H2 file {@code event-store.mv.db}) into the embedded PostgreSQL, once, at start-up and before any
 * command or event processor runs.
 *
 * <p>Every row of the event, snapshot, token, idempotency and departure tables is copied with its
 * values unchanged, global positions included, so the read models' tokens stay valid. The copy is one
 * PostgreSQL transaction: a start that dies half-way leaves PostgreSQL as it was and the next start
 * copies again. Only after the commit is the H2 file renamed to {@code event-store.mv.db.migrated}
 * (kept as a backup, never read again). If PostgreSQL already holds exactly the H2 file's events, a
 * previous start committed and died before the rename, which is then done; any other mix of the two
 * is refused, since it cannot be told which history is the right one.
 */
public final class H2EventStoreMigration {

    private static final Logger log = LoggerFactory.getLogger(H2EventStoreMigration.class);

    static final String H2_FILE = "event-store.mv.db";
    static final String MIGRATED_SUFFIX = ".migrated";
    private static final String EVENTS = "domainevententry";

    /** Tables of the relational store, in copy order; those absent from the H2 file are skipped. */
    static final List<String> TABLES = List.of(
            EVENTS,
            "snapshotevententry",
            "tokenentry",
            "idempotency_key",
            "ownership_ledger",
            "departure",
            "departure_task");

    private static final int BATCH = 1_000;

    private final Path dataDir;
    private final DataSource postgres;

    public H2EventStoreMigration(Path dataDir, DataSource postgres) {
        this.dataDir = dataDir;
        this.postgres = postgres;
    }

    /** Migrates if there is an H2 file to migrate; returns the number of events copied. */
    public long migrateIfPresent() {
        Path h2File = dataDir.resolve(H2_FILE);
        if (!Files.exists(h2File)) {
            return 0;
        }
        log.info("Found {} written by an earlier version: moving its events into the embedded PostgreSQL", h2File);
        long copied;
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("event-store") + ";IFEXISTS=TRUE";
        try (Connection h2 = DriverManager.getConnection(url, "sa", "");
                Connection pg = postgres.getConnection()) {
            pg.setAutoCommit(false);
            long h2Events = tableExists(h2, EVENTS) ? single(h2, "SELECT COUNT(*) FROM " + h2Name(EVENTS)) : 0;
            long pgEvents = single(pg, "SELECT COUNT(*) FROM " + EVENTS);
            if (pgEvents > 0) {
                String maxIndex = "SELECT COALESCE(MAX(globalindex), 0) FROM ";
                if (pgEvents != h2Events || single(pg, maxIndex + EVENTS) != single(h2, maxIndex + h2Name(EVENTS))) {
                    throw new IllegalStateException("the embedded PostgreSQL already holds " + pgEvents + " events and "
                            + h2File + " holds " + h2Events + "; move one of them away (ADR 0011)");
                }
                log.info(
                        "The embedded PostgreSQL already holds the {} events of {} (an earlier start migrated them)",
                        h2Events,
                        h2File);
                copied = 0;
            } else {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (String table : TABLES) {
                    if (tableExists(h2, table)) {
                        counts.put(table, copy(h2, pg, table));
                    }
                }
                try (Statement statement = pg.createStatement()) {
                    statement.execute("SELECT setval(pg_get_serial_sequence('" + EVENTS + "', 'globalindex'),"
                            + " GREATEST((SELECT MAX(globalindex) FROM " + EVENTS + "), 1))");
                    // a token claimed by the stopped service would block its processor for the claim timeout
                    statement.execute("UPDATE tokenentry SET owner = NULL");
                }
                pg.commit();
                copied = counts.getOrDefault(EVENTS, 0L);
                log.info("Copied from {}: {}", h2File, counts);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate " + h2File + " into the embedded PostgreSQL", e);
        }
        try {
            Files.move(h2File, h2File.resolveSibling(H2_FILE + MIGRATED_SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("migrated, but cannot rename " + h2File, e);
        }
        log.info("{} renamed to {}{}; it is no longer read and may be deleted", h2File, H2_FILE, MIGRATED_SUFFIX);
        return copied;
    }

    private static long copy(Connection h2, Connection pg, String table) throws SQLException {
        List<String> columns = columns(pg, table);
        // H2 keeps unquoted names in upper case, and some (TIMESTAMP) are keywords there
        String select = "SELECT "
                + String.join(
                        ", ",
                        columns.stream().map(H2EventStoreMigration::h2Name).toList())
                + " FROM " + h2Name(table);
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        long rows = 0;
        try (Statement read = h2.createStatement();
                PreparedStatement write = pg.prepareStatement(insert)) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery(select)) {
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        write.setObject(i, plain(rs.getObject(i)));
                    }
                    write.addBatch();
                    if (++rows % BATCH == 0) {
                        write.executeBatch();
                    }
                    if (rows % 100_000 == 0) {
                        log.info("  {}: {} rows copied", table, rows);
                    }
                }
            }
            write.executeBatch();
        }
        return rows;
    }

    private static String h2Name(String name) {
        return '"' + name.toUpperCase(Locale.ROOT) + '"';
    }

    private static Object plain(Object value) throws SQLException {
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return value;
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("table " + table + " does not exist in the embedded PostgreSQL");
        }
        return columns;
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getTables(null, null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
