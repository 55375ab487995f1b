package com.customertimeline.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ProblemDetail;

/**
 * One bulk import as its caller follows it: where it stands, what it applied, and a problem for each
 * rejected line (up to {@code timeline.imports.kept-rejections}; the counts go on beyond that). Kept in
 * memory: after a restart of the service the caller posts the same file again, which applies only what
 * the first run did not (every line is idempotent by its key).
 */
final class ImportJob {

    enum Status {
        QUEUED,
        RUNNING,
        DONE,
        FAILED
    }

    /** A rejected line: its number (from 1), key and type when it had them, and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejection(long line, String key, String type, ProblemDetail problem) {}

    /** What became of one line. */
    enum Outcome {
        APPLIED,
        ALREADY_IMPORTED,
        REJECTED
    }

    /** The status a caller reads. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(
            String importId,
            Status status,
            String submittedBy,
            Instant submittedAt,
            Instant startedAt,
            Instant finishedAt,
            long bytes,
            String readModels,
            double percent,
            long linesRead,
            long applied,
            long alreadyImported,
            long rejected,
            long blankLines,
            Double linesPerSecond,
            String failure,
            List<Rejection> rejections,
            long rejectionsNotKept) {}

    private final String id;
    private final String submittedBy;
    private final Instant submittedAt;
    private final long bytes;
    private final boolean readModelsAfter;
    private final int keptRejections;
    private final List<Rejection> rejections = new ArrayList<>();
    private Status status = Status.QUEUED;
    private Instant startedAt;
    private Instant finishedAt;
    private long linesRead;
    private long bytesRead;
    private long applied;
    private long alreadyImported;
    private long rejected;
    private long blankLines;
    private long rejectionsNotKept;
    private String failure;

    ImportJob(
            String id,
            String submittedBy,
            Instant submittedAt,
            long bytes,
            boolean readModelsAfter,
            int keptRejections) {
        this.readModelsAfter = readModelsAfter;
        this.id = id;
        this.submittedBy = submittedBy;
        this.submittedAt = submittedAt;
        this.bytes = bytes;
        this.keptRejections = keptRejections;
    }

    String id() {
        return id;
    }

    String submittedBy() {
        return submittedBy;
    }

    synchronized boolean finished() {
        return status == Status.DONE || status == Status.FAILED;
    }

    synchronized void started(Instant at) {
        status = Status.RUNNING;
        startedAt = at;
    }

    /** Counts a line read from the file (its bytes and line end), for the progress in percent. */
    synchronized void read(long lineBytes) {
        bytesRead += lineBytes;
    }

    synchronized void blankLine() {
        linesRead++;
        blankLines++;
    }

    synchronized void record(Outcome outcome, Rejection rejection) {
        linesRead++;
        switch (outcome) {
            case APPLIED -> applied++;
            case ALREADY_IMPORTED -> alreadyImported++;
            case REJECTED -> {
                rejected++;
                if (rejections.size() < keptRejections) {
                    rejections.add(rejection);
                } else {
                    rejectionsNotKept++;
                }
            }
        }
    }

    synchronized void done(Instant at) {
        status = Status.DONE;
        finishedAt = at;
    }

    synchronized void failed(Instant at, String why) {
        status = Status.FAILED;
        finishedAt = at;
        failure = why;
    }

    synchronized View view(Instant now) {
        Double rate = null;
        if (startedAt != null) {
            Instant end = finishedAt == null ? now : finishedAt;
            double seconds = Duration.between(startedAt, end).toNanos() / 1e9;
            rate = seconds > 0 ? Math.round((applied + alreadyImported + rejected) / seconds * 10) / 10.0 : null;
        }
        return new View(
                id,
                status,
                submittedBy,
                submittedAt,
                startedAt,
                finishedAt,
                bytes,
                readModelsAfter ? ImportController.AFTER_IMPORT : ImportController.LIVE,
                status == Status.DONE || bytes == 0
                        ? 100.0
                        : Math.min(99.9, Math.floor(bytesRead * 1000.0 / bytes) / 10),
                linesRead,
                applied,
                alreadyImported,
                rejected,
                blankLines,
                rate,
                failure,
                rejections.stream()
                        .sorted(java.util.Comparator.comparingLong(Rejection::line))
                        .toList(),
                rejectionsNotKept);
    }
}
