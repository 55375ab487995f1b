package com.customertimeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackedEventQueriesTest {

    private final EventSchema schema = EventSchema.builder().build();
    private Connection connection;

    @BeforeEach
    void createEventTable() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:tracked-" + System.nanoTime());
        H2EventTableFactory.INSTANCE.createDomainEventTable(connection, schema).execute();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + schema.domainEventTable()
                + " (globalIndex, aggregateIdentifier, sequenceNumber, type, eventIdentifier, payload,"
                + " payloadType, timeStamp) VALUES (?, ?, ?, 'Customer', ?, X'7B7D', 'E', '2026-01-01T00:00:00Z')")) {
            for (long index = 1; index <= 2_000; index++) {
                if (index == 7 || index == 8) {
                    continue; // transactions that never committed
                }
                insert.setLong(1, index);
                insert.setString(2, "c-" + index % 50);
                insert.setLong(3, index);
                insert.setString(4, "e-" + index);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void readsTheBatchAfterThePositionAndTheGapsThatHaveSinceCommittedInStreamOrder() throws SQLException {
        // position 10 with gaps 3 (committed meanwhile), 7 and 8 (never committed)
        assertThat(indexes(TrackedEventQueries.readEventDataWithGaps(connection, schema, 10, 5, List.of(3L, 7L, 8L))))
                .containsExactly(3L, 11L, 12L, 13L, 14L, 15L);
        assertThat(indexes(JdbcEventStorageEngineStatements.readEventDataWithGaps(
                        connection, schema, 10, 5, List.of(3L, 7L, 8L))))
                .as("what Axon's own statement returns")
                .containsExactly(3L, 11L, 12L, 13L, 14L, 15L);
        assertThat(indexes(TrackedEventQueries.readEventDataWithGaps(connection, schema, 1_998, 100, List.of())))
                .containsExactly(1_999L, 2_000L);
    }

    @Test
    void findsTheRowsByPrimaryKeyWhereAxonsStatementReadsTheWholeTable() throws SQLException {
        String ours = plan(TrackedEventQueries.sql(schema, 3));
        String axons = plan("SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable()
                + " WHERE (globalIndex > ? AND globalIndex <= ?) OR globalIndex IN (?,?,?)"
                + " ORDER BY globalIndex ASC");

        // H2 names the index it reads in a comment, followed by the conditions it looks up in it, if any
        assertThat(indexLookups(ours))
                .containsExactly("GLOBALINDEX > ?1 AND GLOBALINDEX <= ?2", "GLOBALINDEX IN(?3, ?4, ?5)");
        assertThat(indexLookups(axons))
                .as("the reason for this class: the whole primary key is read, in order, and filtered")
                .containsExactly("");
    }

    private static List<String> indexLookups(String plan) {
        List<String> lookups = new ArrayList<>();
        Matcher matcher = Pattern.compile("/\\* PUBLIC\\.PRIMARY_KEY_\\w+(?:: ([^*]*))? \\*/")
                .matcher(plan);
        while (matcher.find()) {
            lookups.add(
                    matcher.group(1) == null
                            ? ""
                            : matcher.group(1).replaceAll("\\s+", " ").trim());
        }
        return lookups;
    }

    private String plan(String sql) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            explain.setLong(1, 10);
            explain.setLong(2, 110);
            for (int i = 3; i <= 5; i++) {
                explain.setLong(i, i);
            }
            try (ResultSet rows = explain.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static List<Long> indexes(PreparedStatement statement) throws SQLException {
        List<Long> indexes = new ArrayList<>();
        try (statement;
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                indexes.add(rows.getLong("globalIndex"));
            }
        }
        return indexes;
    }
}
