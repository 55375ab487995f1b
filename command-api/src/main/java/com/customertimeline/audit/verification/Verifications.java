package com.customertimeline.audit.verification;

import com.customertimeline.audit.chain.ChainBackfill;
import com.customertimeline.audit.checkpoint.CheckpointLedger;
import com.customertimeline.audit.checkpoint.SigningKey;
import com.customertimeline.audit.store.StoredHistory;
import com.customertimeline.audit.verifier.ChainChecker;
import com.customertimeline.audit.verifier.ChainRecord;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Full verifications of the store, run in the background one at a time: every stored event and chain
 * row walked in position order through the same {@link ChainChecker} the offline verifier uses, against
 * every signed checkpoint and the service's public key. Runs and their results are kept in memory (the
 * latest {@value #KEPT}); an auditor who needs a lasting record keeps the report, or the export and the
 * offline verifier's output.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class Verifications {

    static final int KEPT = 20;

    private static final Logger log = LoggerFactory.getLogger(Verifications.class);

    private final StoredHistory history;
    private final CheckpointLedger ledger;
    private final SigningKey key;
    private final ChainBackfill backfill;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Run> runs = new LinkedHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "audit-verification");
        thread.setDaemon(true);
        return thread;
    });

    Verifications(DataSource dataSource, CheckpointLedger ledger, SigningKey key, ChainBackfill backfill, Clock clock) {
        this.history = new StoredHistory(dataSource);
        this.ledger = ledger;
        this.key = key;
        this.backfill = backfill;
        this.clock = clock;
    }

    /** Thrown when a verification is asked for while another runs: the answer names the running one. */
    public static final class AlreadyRunningException extends RuntimeException {
        private final long runningId;

        AlreadyRunningException(long runningId) {
            super("verification " + runningId + " is running; wait for its result");
            this.runningId = runningId;
        }

        public long runningId() {
            return runningId;
        }
    }

    /** One verification: its progress while it runs, its report once finished. */
    public static final class Run {
        private final long id;
        private final String startedBy;
        private final Instant startedAt;
        private volatile long total;
        private volatile long lastPosition = -1;
        private volatile long checked;
        private volatile Instant finishedAt;
        private volatile ChainChecker.Report report;
        private volatile String failure;

        Run(long id, String startedBy, Instant startedAt) {
            this.id = id;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
        }

        public long id() {
            return id;
        }

        public String startedBy() {
            return startedBy;
        }

        public Instant startedAt() {
            return startedAt;
        }

        /** The highest stored position when the run started. */
        public long total() {
            return total;
        }

        public long lastPosition() {
            return lastPosition;
        }

        public long checked() {
            return checked;
        }

        public Instant finishedAt() {
            return finishedAt;
        }

        public ChainChecker.Report report() {
            return report;
        }

        public String failure() {
            return failure;
        }

        public boolean running() {
            return finishedAt == null;
        }
    }

    /** Starts a verification of the whole store. */
    public synchronized Run start(String startedBy) {
        if (!backfill.done()) {
            throw new CheckpointLedger.BackfillRunningException();
        }
        runs.values().stream().filter(Run::running).findFirst().ifPresent(running -> {
            throw new AlreadyRunningException(running.id());
        });
        Run run = new Run(ids.incrementAndGet(), startedBy, clock.instant());
        runs.put(run.id(), run);
        while (runs.size() > KEPT) {
            runs.remove(runs.keySet().iterator().next());
        }
        worker.submit(() -> verify(run));
        return run;
    }

    public synchronized Optional<Run> find(long id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** The kept runs, newest first. */
    public synchronized List<Run> recent() {
        List<Run> all = new ArrayList<>(runs.values());
        all.sort(Comparator.comparingLong(Run::id).reversed());
        return all;
    }

    private void verify(Run run) {
        long started = System.nanoTime();
        try {
            run.total = history.lastPosition();
            ChainChecker checker = new ChainChecker(ledger.all(), key.publicKey(), ChainChecker.DEFAULT_GRACE);
            history.walkAhead(StoredHistory.Selection.everything(), (ChainRecord record) -> {
                checker.accept(record);
                run.lastPosition = record.position();
                run.checked = checker.checked();
                return true;
            });
            run.report = checker.finish();
            run.checked = run.report.checked();
            log.info(
                    "Verification {}: {} records, {} streams ({} intact), {} re-sealed, {} defect(s), in {} ms",
                    run.id(),
                    run.report.checked(),
                    run.report.streams(),
                    run.report.streamsIntact(),
                    run.report.resealed(),
                    run.report.defectCount(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            run.failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("Verification {} could not finish", run.id(), e);
        } finally {
            run.finishedAt = clock.instant();
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
