package com.customertimeline.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * The query with which event processors read the event stream while their token has gaps (positions
 * of transactions that had not committed when later ones had), written so that the database finds the
 * rows by primary key.
 *
 * <p>Why: Axon's statement is {@code WHERE (globalIndex > ? AND globalIndex <= ?) OR globalIndex IN
 * (gaps)}. H2 cannot use an index for that disjunction and reads the whole event table instead. With
 * 32 concurrent writers the token nearly always has a gap, so every fetch of 100 events read every
 * event ever stored: in the million-event benchmark the processors' event reader took 64 % of the CPU
 * at 250,000 events, and the rate at which the projections received events fell with the size of
 * the store (from 380 to 76 events/s). Two selects joined by {@code UNION ALL} each use the primary
 * key: a range of at most a batch, and a lookup per gap. The two never overlap, since every gap lies
 * at or below the token's position and the range above it.
 */
final class TrackedEventQueries {

    private TrackedEventQueries() {}

    /** Same parameters and result as Axon's {@code JdbcEventStorageEngineStatements#readEventDataWithGaps}. */
    static PreparedStatement readEventDataWithGaps(
            Connection connection, EventSchema schema, long globalIndex, int batchSize, List<Long> gaps)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql(schema, gaps.size()));
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }

    static String sql(EventSchema schema, int gapCount) {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        String index = schema.globalIndexColumn();
        if (gapCount == 0) {
            return select + index + " > ? AND " + index + " <= ? ORDER BY " + index + " ASC";
        }
        return select + index + " > ? AND " + index + " <= ?"
                + " UNION ALL "
                + select + index + " IN (" + String.join(",", Collections.nCopies(gapCount, "?")) + ")"
                + " ORDER BY " + index + " ASC";
    }
}
