package com.customertimeline.imports;

import com.customertimeline.api.idempotency.IdempotentExecutor;
import com.customertimeline.imports.ImportJob.Outcome;
import com.customertimeline.imports.ImportJob.Rejection;
import com.customertimeline.imports.ImportRecords.Prepared;
import com.customertimeline.privacy.keys.CustomerKeys;
import com.customertimeline.projections.support.CustomerScopedProjection;
import com.customertimeline.security.ActingAs;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies an import file in large transactions. Lines are read in batches of {@code batch-size}; a batch
 * is one database transaction and one Axon unit of work, in which each line's command runs as a nested
 * unit of work: a refused line (invalid, or rejected by its customer's rules) hands on no event and
 * writes no key, and the batch goes on. The accepted lines' events are appended and chained together
 * when the batch commits, with their idempotency keys, so one commit (and one fsync) carries a whole
 * batch and no line is ever half-applied. A batch that cannot commit as a whole (say, a customer
 * registered under an id another stream already has, which only the append detects) is applied again
 * line by line, one transaction each, so the one bad line is reported and the others are kept.
 *
 * <p>Imports run one after another, on one thread, as the caller who posted them (every event records
 * that caller as its actor). They are not held back by the read side's back-pressure, and live commands
 * may wait for the read models meanwhile. By default the projections follow the import as it goes; an
 * administrator may instead have them stopped for the import ({@code readModels=after-import}): the
 * import then has the machine to itself, and the projections work the imported history off afterwards in
 * full batches, as in a replay, while the views stay as they were before the import.
 *
 * <p>Where the event store is not in the database transaction (Axon Server), each line is its own
 * command with an idempotency reservation, as a live command is.
 */
@Component
class ImportingHistory implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ImportingHistory.class);

    private final ImportRecords records;
    private final IdempotentExecutor idempotent;
    private final TransactionTemplate lineTransaction;
    private final org.axonframework.common.transaction.TransactionManager axonTransactions;
    private final List<Cache> aggregateCaches;
    private final ImportProperties properties;
    private final CustomerKeys customerKeys;
    private final EventProcessingConfiguration processing;
    private final List<CustomerScopedProjection> projections;
    private final boolean sameTransaction;
    private final Clock clock;
    private final Map<String, ImportJob> jobs = new LinkedHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "history-import");
        thread.setDaemon(true);
        return thread;
    });

    ImportingHistory(
            ImportRecords records,
            IdempotentExecutor idempotent,
            PlatformTransactionManager transactions,
            org.axonframework.common.transaction.TransactionManager axonTransactions,
            List<Cache> aggregateCaches,
            ImportProperties properties,
            CustomerKeys customerKeys,
            EventProcessingConfiguration processing,
            List<CustomerScopedProjection> projections,
            Clock clock,
            @Value("${timeline.idempotency.same-transaction:true}") boolean sameTransaction) {
        this.records = records;
        this.idempotent = idempotent;
        this.lineTransaction = new TransactionTemplate(transactions);
        this.axonTransactions = axonTransactions;
        this.aggregateCaches = aggregateCaches;
        this.properties = properties;
        this.customerKeys = customerKeys;
        this.processing = processing;
        this.projections = projections;
        this.clock = clock;
        this.sameTransaction = sameTransaction;
    }

    /** Queues an uploaded file; it is deleted once applied. */
    ImportJob submit(Path file, long bytes, Authentication caller, String onBehalfOf, boolean readModelsAfter) {
        ImportJob job = new ImportJob(
                UUID.randomUUID().toString(),
                caller.getName(),
                clock.instant(),
                bytes,
                readModelsAfter,
                properties.keptRejections());
        synchronized (jobs) {
            jobs.put(job.id(), job);
            forgetOldest();
        }
        worker.execute(() -> run(job, file, caller, onBehalfOf, readModelsAfter));
        return job;
    }

    /** Whether another import may be queued ({@code timeline.imports.max-queued} are not finished yet). */
    boolean mayQueueAnother() {
        synchronized (jobs) {
            return jobs.values().stream().filter(job -> !job.finished()).count() < properties.maxQueued();
        }
    }

    Optional<ImportJob> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    private void forgetOldest() {
        Iterator<ImportJob> oldest = jobs.values().iterator();
        while (jobs.size() > properties.keptImports() && oldest.hasNext()) {
            if (oldest.next().finished()) {
                oldest.remove();
            }
        }
    }

    private void run(ImportJob job, Path file, Authentication caller, String onBehalfOf, boolean readModelsAfter) {
        SecurityContextHolder.setContext(new SecurityContextImpl(caller));
        job.started(clock.instant());
        List<EventProcessor> paused = readModelsAfter ? pauseReadModels() : List.of();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            NdjsonLines lines =
                    new NdjsonLines(in, (int) properties.maxLineSize().toBytes());
            idempotent.withoutBackPressure(() -> ActingAs.importing(() -> {
                try {
                    applyAll(job, lines, onBehalfOf);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            }));
            job.done(clock.instant());
        } catch (IOException | RuntimeException | Error e) {
            log.error("import {} failed", job.id(), e);
            job.failed(
                    clock.instant(),
                    "the import stopped at an unexpected error; post the file again to apply"
                            + " what is left (lines applied before are not applied twice)");
        } finally {
            // they catch up from where they stopped, in full batches, at replay speed
            paused.forEach(EventProcessor::start);
            SecurityContextHolder.clearContext();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("could not delete the uploaded import file {}", file, e);
            }
        }
    }

    /**
     * Stops the read-side projections for the import, so that the import has the machine to itself and
     * the projections then work the imported history off in full batches, as in a replay.
     */
    private List<EventProcessor> pauseReadModels() {
        List<EventProcessor> paused = new ArrayList<>();
        for (CustomerScopedProjection projection : projections) {
            processing.eventProcessor(projection.processingGroup()).ifPresent(processor -> {
                if (processor.isRunning()) {
                    processor.shutDown();
                    paused.add(processor);
                }
            });
        }
        return paused;
    }

    private void applyAll(ImportJob job, NdjsonLines lines, String onBehalfOf) throws IOException {
        List<Prepared> batch = new ArrayList<>(properties.batchSize());
        for (NdjsonLines.Line line = lines.next(); line != null; line = lines.next()) {
            job.read(line.bytes());
            if (line.refusal() != null) {
                job.record(
                        Outcome.REJECTED,
                        new Rejection(line.number(), null, null, ImportRecords.malformedLine(line.refusal())));
                continue;
            }
            if (line.text().isBlank()) {
                job.blankLine();
                continue;
            }
            try {
                batch.add(records.prepare(line.number(), line.text(), onBehalfOf));
            } catch (ImportRecords.LineRefused refused) {
                job.record(Outcome.REJECTED, new Rejection(line.number(), null, null, refused.problem()));
            }
            if (batch.size() == properties.batchSize()) {
                applyBatch(job, batch);
                batch.clear();
            }
        }
        applyBatch(job, batch);
    }

    private record Result(Prepared line, Outcome outcome, Rejection rejection) {}

    private void applyBatch(ImportJob job, List<Prepared> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (!sameTransaction) {
            batch.forEach(line -> report(job, applyOnItsOwn(line)));
            return;
        }
        // the data keys of the batch's new customers, made in one transaction instead of one each
        customerKeys.createAll(batch.stream()
                .map(Prepared::registeredCustomerId)
                .filter(java.util.Objects::nonNull)
                .toList());
        List<Result> results;
        try {
            results = inOneUnitOfWork(batch);
        } catch (RuntimeException e) {
            // the aggregates cached while the batch ran hold events that were not committed
            aggregateCaches.forEach(Cache::removeAll);
            log.warn(
                    "an import batch of {} lines could not commit ({}); applying its lines one by one",
                    batch.size(),
                    e.toString());
            for (Prepared line : batch) {
                report(job, applyOnItsOwn(line));
            }
            return;
        }
        results.forEach(result -> report(job, result));
    }

    /**
     * Runs the batch's commands as nested units of work of one unit of work that owns the database
     * transaction: each command is checked against its aggregate as it comes (a refused one hands nothing
     * on), and the events of all accepted ones are appended and hash-chained together when the outer one
     * commits. The transaction commits before the outer unit of work releases the aggregates, so a live
     * command on one of the batch's customers waits until the batch's events are committed, and never
     * appends or chains behind events that might still roll back.
     */
    private List<Result> inOneUnitOfWork(List<Prepared> batch) {
        UnitOfWork<?> batchWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("history import batch"));
        try {
            batchWork.attachTransaction(axonTransactions);
            List<Result> results = idempotent.inImportBatch(
                    batch.stream().map(Prepared::idempotencyKey).toList(), () -> {
                        List<Result> lines = new ArrayList<>(batch.size());
                        for (Prepared line : batch) {
                            try {
                                lines.add(apply(line));
                            } catch (RuntimeException refused) {
                                lines.add(rejected(line, refused));
                            }
                        }
                        return lines;
                    });
            batchWork.commit();
            return results;
        } catch (RuntimeException | Error e) {
            if (batchWork.isActive() && batchWork.phase().isBefore(UnitOfWork.Phase.ROLLBACK)) {
                batchWork.rollback(e);
            }
            throw e;
        }
    }

    private Result applyOnItsOwn(Prepared line) {
        try {
            return sameTransaction ? lineTransaction.execute(status -> apply(line)) : apply(line);
        } catch (RuntimeException refused) {
            if (sameTransaction) {
                aggregateCaches.forEach(Cache::removeAll);
            }
            return rejected(line, refused);
        }
    }

    /** Runs the line's command; a refusal propagates (the command's own unit of work has rolled back). */
    private Result apply(Prepared line) {
        ResponseEntity<Object> answer = line.send().run();
        boolean replayed = "true".equals(answer.getHeaders().getFirst("Idempotent-Replayed"));
        return new Result(line, replayed ? Outcome.ALREADY_IMPORTED : Outcome.APPLIED, null);
    }

    private Result rejected(Prepared line, RuntimeException refused) {
        return new Result(
                line,
                Outcome.REJECTED,
                new Rejection(line.number(), line.key(), line.type(), records.describe(refused)));
    }

    private static void report(ImportJob job, Result result) {
        job.record(result.outcome(), result.rejection());
    }

    @Override
    public void destroy() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
