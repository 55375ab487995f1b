package com.customertimeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.junit.jupiter.api.Test;

class H2EventTableFactoryTest {

    private final EventSchema schema = EventSchema.builder().build();

    @Test
    void eventAndSnapshotPayloadsAreKeptInTheRowAndComeBackByteForByte() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:payloads-" + System.nanoTime())) {
            H2EventTableFactory.INSTANCE
                    .createDomainEventTable(connection, schema)
                    .execute();
            H2EventTableFactory.INSTANCE
                    .createSnapshotEventTable(connection, schema)
                    .execute();
            byte[] event = randomBytes(2_000);
            byte[] snapshot = randomBytes(1_000_000);
            insert(connection, schema.domainEventTable(), event);
            insert(connection, schema.snapshotTable(), snapshot);

            assertThat(payload(connection, schema.domainEventTable())).isEqualTo(event);
            assertThat(payload(connection, schema.snapshotTable())).isEqualTo(snapshot);
            try (ResultSet columns = connection
                    .createStatement()
                    .executeQuery("SELECT DATA_TYPE, TABLE_NAME"
                            + " FROM INFORMATION_SCHEMA.COLUMNS WHERE COLUMN_NAME IN ('PAYLOAD', 'METADATA')")) {
                int seen = 0;
                while (columns.next()) {
                    seen++;
                    assertThat(columns.getString(1))
                            .as("%s is stored in the row, not in H2's LOB maps", columns.getString(2))
                            .isEqualTo("BINARY VARYING");
                }
                assertThat(seen).isEqualTo(4);
            }
        }
    }

    private void insert(Connection connection, String table, byte[] payload) throws SQLException {
        String index = table.equals(schema.domainEventTable()) ? "globalIndex, " : "";
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + index
                + "aggregateIdentifier, sequenceNumber, type, eventIdentifier, payload, payloadType, timeStamp)"
                + " VALUES (" + (index.isEmpty() ? "" : "1, ")
                + "'c-1', 0, 'Customer', 'e-1', ?, 'E', '2026-01-01T00:00:00Z')")) {
            insert.setBytes(1, payload);
            insert.executeUpdate();
        }
    }

    private static byte[] payload(Connection connection, String table) throws SQLException {
        try (ResultSet rows = connection.createStatement().executeQuery("SELECT payload FROM " + table)) {
            assertThat(rows.next()).isTrue();
            return rows.getBytes(1);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
