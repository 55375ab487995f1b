package com.customertimeline.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.customertimeline.audit.store.StoredHistory;
import com.customertimeline.audit.verifier.ChainChecker;
import com.customertimeline.audit.verifier.Defect;
import com.customertimeline.support.EmbeddedPostgresSupport;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Events stored before hash chains existed get their chain once, resuming after an interrupted run; once
 * the backfill is finished, an unchained event is reported as inserted and never chained.
 */
class ChainBackfillIT {

    private PGSimpleDataSource dataSource;

    @BeforeEach
    void freshStore() throws Exception {
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(EmbeddedPostgresSupport.newDatabase("backfill"));
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        try (Connection connection = dataSource.getConnection()) {
            PostgresEventTableFactory.INSTANCE
                    .createDomainEventTable(connection, new EventSchema())
                    .execute();
            EventChain.createSchema(connection);
        }
    }

    @Test
    void anInterruptedBackfillResumesChainsEveryOlderEventAndDoesNotLaunderALaterInsertion() throws Exception {
        for (int i = 0; i < 30; i++) {
            insertEvent("old-" + (i % 3), i / 3);
        }
        // a first run, killed after it had chained the first stream and recorded position 12
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            EventChain.chainStreams(connection, List.of("old-0"), null);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE event_chain_backfill (id INT NOT NULL PRIMARY KEY,"
                        + " last_position BIGINT NOT NULL, finished BOOLEAN NOT NULL)");
                statement.execute("INSERT INTO event_chain_backfill VALUES (1, 12, FALSE)");
            }
            connection.commit();
        }
        assertThat(count("SELECT count(*) FROM event_chain")).isEqualTo(10);

        ChainBackfill backfill = new ChainBackfill(dataSource, null);
        assertThat(backfill.done()).isFalse();
        assertThat(backfill.run()).isEqualTo(20);
        assertThat(backfill.done()).isTrue();
        assertThat(count("SELECT count(*) FROM event_chain")).isEqualTo(30);
        ChainChecker.Report chained = verify();
        assertThat(chained.clean()).isTrue();
        assertThat(chained.checked()).isEqualTo(30);
        assertThat(chained.streamsIntact()).isEqualTo(3);

        assertThat(new ChainBackfill(dataSource, null).run())
                .as("a second start")
                .isZero();

        long forged = insertEvent("old-1", 10);
        assertThat(verify().defects())
                .extracting(Defect::kind, Defect::aggregateId, Defect::sequence, Defect::position)
                .containsExactly(tuple(Defect.Kind.EVENT_INSERTED, "old-1", 10L, forged));
        assertThat(new ChainBackfill(dataSource, null).run())
                .as("the inserted event is not chained")
                .isZero();
        assertThat(count("SELECT count(*) FROM event_chain")).isEqualTo(30);
    }

    private ChainChecker.Report verify() throws Exception {
        ChainChecker checker = new ChainChecker(List.of(), null, ChainChecker.DEFAULT_GRACE);
        new StoredHistory(dataSource).walk(StoredHistory.Selection.everything(), record -> {
            checker.accept(record);
            return true;
        });
        return checker.finish();
    }

    private long insertEvent(String stream, long sequence) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry"
                        + " (eventidentifier, type, aggregateidentifier, sequencenumber, timestamp, payloadtype,"
                        + " payloadrevision, payload, metadata) VALUES (?, 'Customer', ?, ?, ?,"
                        + " 'com.example.Happened', '1', ?, ?) RETURNING globalindex")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, stream);
            insert.setLong(3, sequence);
            insert.setString(
                    4,
                    Instant.parse("2025-01-01T00:00:00Z").plusSeconds(sequence).toString());
            insert.setBytes(5, ("{\"n\":" + sequence + "}").getBytes(StandardCharsets.UTF_8));
            insert.setBytes(6, "{}".getBytes(StandardCharsets.UTF_8));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
