package com.customertimeline.departure;

import com.customertimeline.domain.RejectionDetails;
import com.customertimeline.domain.customer.HandOverFromDepartedRep;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Carries out departure plans: for each pending task it sends {@link HandOverFromDepartedRep}, then marks
 * the task done. A crash between the two re-sends the command after restart, which the customer
 * aggregate ignores because the customer no longer belongs to the departed rep: every customer is
 * reassigned exactly once, and a restart finishes whatever was left.
 */
@Component
public class DepartureWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DepartureWorker.class);

    private record Task(
            String departedRepId, String customerId, String successorRepId, Timestamp effectiveAt, String reason) {}

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final int batchSize;
    private final Duration pause;
    private volatile Thread thread;
    private volatile boolean running;

    DepartureWorker(
            JdbcTemplate jdbc,
            CommandGateway commands,
            DepartureSchema schema,
            @Value("${timeline.departure.batch-size:200}") int batchSize,
            @Value("${timeline.departure.batch-pause:0ms}") Duration pause) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.batchSize = batchSize;
        this.pause = pause;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "departure-worker");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after Axon (phase 0 and below) so commands can be handled, and stops before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void loop() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                int done = runBatch();
                sleep(done == 0 ? Duration.ofMillis(250) : pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("departure batch failed; retrying", e);
                try {
                    sleep(Duration.ofSeconds(1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero()) {
            Thread.sleep(duration.toMillis());
        }
    }

    /** Handles up to one batch of pending tasks; returns how many it finished. */
    int runBatch() {
        List<Task> tasks = jdbc.query(
                "SELECT t.departed_rep_id, t.customer_id, t.successor_rep_id, d.effective_at, d.reason"
                        + " FROM departure_task t JOIN departure d ON d.rep_id = t.departed_rep_id"
                        + " WHERE t.status = 'PENDING' ORDER BY t.departed_rep_id, t.customer_id"
                        + " FETCH FIRST " + batchSize + " ROWS ONLY",
                (rs, row) -> new Task(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4), rs.getString(5)));
        int finished = 0;
        for (Task task : tasks) {
            if (!running) {
                break;
            }
            String note = "Taken over from " + task.departedRepId() + ", who left"
                    + (task.reason() == null ? "" : ": " + task.reason());
            try {
                commands.sendAndWait(new HandOverFromDepartedRep(
                        task.customerId(),
                        task.departedRepId(),
                        task.successorRepId(),
                        note,
                        task.effectiveAt().toInstant()));
                mark(task, "DONE", null);
            } catch (CommandExecutionException e) {
                Object details = e.getDetails().orElse(null);
                if (details instanceof RejectionDetails rejection) {
                    // e.g. the successor departed meanwhile: visible in the departure status, not retried
                    mark(task, "FAILED", rejection.code() + ": " + rejection.message());
                } else {
                    throw e;
                }
            }
            finished++;
        }
        return finished;
    }

    private void mark(Task task, String status, String detail) {
        jdbc.update(
                "UPDATE departure_task SET status = ?, detail = ? WHERE departed_rep_id = ? AND customer_id = ?",
                status,
                detail,
                task.departedRepId(),
                task.customerId());
    }
}
