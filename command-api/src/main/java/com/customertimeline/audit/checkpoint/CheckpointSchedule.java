package com.customertimeline.audit.checkpoint;

import com.customertimeline.audit.chain.ChainBackfill;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Makes a checkpoint every {@code timeline.audit.checkpoint-interval} (default an hour; {@code 0} turns
 * it off), so that history is sealed and signed even when nobody asks; auditors fetch and keep them.
 * Skips a turn while the chain backfill runs.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class CheckpointSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

    private final CheckpointLedger ledger;
    private final ChainBackfill backfill;
    private final Duration interval;
    private ScheduledExecutorService timer;

    CheckpointSchedule(
            CheckpointLedger ledger,
            ChainBackfill backfill,
            @Value("${timeline.audit.checkpoint-interval:PT1H}") Duration interval) {
        this.ledger = ledger;
        this.backfill = backfill;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "audit-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::turn, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void turn() {
        if (!backfill.done()) {
            return;
        }
        try {
            ledger.create();
        } catch (RuntimeException e) {
            log.error("Scheduled checkpoint failed; the next turn tries again", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
