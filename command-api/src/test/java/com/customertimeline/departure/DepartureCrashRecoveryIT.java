package com.customertimeline.departure;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.EmbeddedPostgresSupport;
import com.customertimeline.support.Portfolio;
import com.customertimeline.support.RunningService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The service stops in the middle of a departure. After a restart on the same database the
 * reassignment finishes, and every customer was reassigned exactly once.
 */
class DepartureCrashRecoveryIT {

    private static final int CUSTOMERS = 2_000;

    @TempDir
    Path dataDir;

    @Test
    void restartAfterStopMidwayCompletesWithExactlyOneReassignmentPerCustomer() throws Exception {
        Map<String, Object> settings = EmbeddedPostgresSupport.ownStorage("crash", dataDir);
        String database = (String) settings.get("spring.datasource.url");
        // the bulk registrations outrun the projections: the departure waits for them
        settings.put("timeline.back-pressure.max-wait", "30s");
        // throttled so that the stop reliably lands in the middle of the departure
        settings.put("timeline.departure.batch-size", "50");
        settings.put("timeline.departure.batch-pause", "100ms");
        List<String> portfolio;
        int doneAtStop;

        try (RunningService service = RunningService.start(settings)) {
            CommandGateway commands = service.bean(CommandGateway.class);
            Portfolio.registerRep(commands, "leaver");
            Portfolio.registerRep(commands, "heir-1");
            Portfolio.registerRep(commands, "heir-2");
            portfolio = Portfolio.registerCustomers(commands, "leaver", "crash", CUSTOMERS);
            var accepted = service.http()
                    .post("/api/v1/reps/leaver/departure", "{\"successorRepIds\":[\"heir-1\",\"heir-2\"]}");
            assertThat(accepted.status()).isEqualTo(202);

            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            awaitDone(jdbc, 300, Duration.ofSeconds(60));
            // stop now, while tasks are still pending
        }
        // with the service down, look at what it left behind
        try (Connection connection = DriverManager.getConnection(database, "postgres", "postgres")) {
            doneAtStop = done(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
        }
        assertThat(doneAtStop).isBetween(300, CUSTOMERS - 1);

        try (RunningService service = RunningService.start(settings)) {
            JdbcTemplate jdbc = service.bean(JdbcTemplate.class);
            awaitDone(jdbc, CUSTOMERS, Duration.ofSeconds(120));

            Map<String, Integer> reassignments = ReassignmentCounts.fromEventStore(jdbc, "leaver");
            assertThat(reassignments.keySet()).containsExactlyInAnyOrderElementsOf(portfolio);
            assertThat(reassignments.values()).containsOnly(1);
            var status = service.http().get("/api/v1/reps/leaver/departure").json();
            assertThat(status.get("complete").asBoolean()).isTrue();
            assertThat(status.get("failed").asInt()).isZero();
        }
    }

    private static int done(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM departure_task WHERE status = 'DONE'", Integer.class);
    }

    private static void awaitDone(JdbcTemplate jdbc, int atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done(jdbc) >= atLeast) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + atLeast + " reassignments done within " + timeout);
    }
}
