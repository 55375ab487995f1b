package com.customertimeline.audit.verification;

import com.customertimeline.api.ApiProblems;
import com.customertimeline.audit.checkpoint.CheckpointLedger;
import com.customertimeline.audit.verifier.ChainChecker;
import com.customertimeline.audit.verifier.Defect;
import com.customertimeline.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Online verification of the whole store against its hash chains and signed checkpoints (ADR 0014). */
@RestController
@Tag(name = "Audit")
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class VerificationController {

    private final Verifications verifications;

    VerificationController(Verifications verifications) {
        this.verifications = verifications;
    }

    public record DefectView(String kind, String stream, Long sequence, Long position, String detail) {}

    public record CheckpointVerdict(long id, long treeSize, boolean intact) {}

    public record Result(
            boolean clean,
            long recordsChecked,
            long streams,
            long streamsIntact,
            long defectCount,
            List<DefectView> defects,
            List<CheckpointVerdict> checkpoints,
            long resealed) {}

    /**
     * A verification as the API shows it. {@code state}: RUNNING, CLEAN, DEFECTS_FOUND or FAILED;
     * {@code percent} is of the positions stored when it started.
     */
    public record VerificationView(
            long id,
            String state,
            String startedBy,
            Instant startedAt,
            Instant finishedAt,
            long checked,
            long lastPosition,
            long totalPositions,
            double percent,
            long recordsPerSecond,
            Result result,
            String failure) {

        public static VerificationView of(Verifications.Run run) {
            ChainChecker.Report report = run.report();
            String state = run.running()
                    ? "RUNNING"
                    : run.failure() != null ? "FAILED" : report.clean() ? "CLEAN" : "DEFECTS_FOUND";
            double percent = run.running()
                    ? (run.total() <= 0 ? 0 : Math.min(99.9, 100.0 * Math.max(0, run.lastPosition()) / run.total()))
                    : run.failure() == null ? 100 : 0;
            Instant end = run.finishedAt() != null ? run.finishedAt() : Instant.now();
            long millis = Math.max(1, Duration.between(run.startedAt(), end).toMillis());
            Result result = report == null
                    ? null
                    : new Result(
                            report.clean(),
                            report.checked(),
                            report.streams(),
                            report.streamsIntact(),
                            report.defectCount(),
                            report.defects().stream()
                                    .map(VerificationController::view)
                                    .toList(),
                            report.checkpoints().stream()
                                    .map(c -> new CheckpointVerdict(c.id(), c.treeSize(), c.intact()))
                                    .toList(),
                            report.resealed());
            return new VerificationView(
                    run.id(),
                    state,
                    run.startedBy(),
                    run.startedAt(),
                    run.finishedAt(),
                    run.checked(),
                    run.lastPosition(),
                    run.total(),
                    Math.round(percent * 10) / 10.0,
                    run.checked() * 1000 / millis,
                    result,
                    run.failure());
        }
    }

    public record VerificationList(List<VerificationView> items) {}

    private static DefectView view(Defect defect) {
        return new DefectView(
                defect.kind().code(), defect.aggregateId(), defect.sequence(), defect.position(), defect.detail());
    }

    @PostMapping("/api/v1/audit/verifications")
    @Operation(
            summary = "Start a full verification of the store",
            description = "Walks every stored event and chain row against the hash chains, every signed"
                    + " checkpoint and the service key. Answers 202 with the verification's address; 409 while"
                    + " another runs (its address in Location).")
    @ApiResponse(responseCode = "202", description = "started; follow Location for progress and the result")
    @ApiResponse(
            responseCode = "409",
            description = "another verification runs (verification-running), or the chain backfill does",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<VerificationView> start() {
        Verifications.Run run = verifications.start(Caller.require().principal());
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/audit/verifications/" + run.id()))
                .body(VerificationView.of(run));
    }

    @GetMapping("/api/v1/audit/verifications/{id}")
    @Operation(summary = "A verification's progress, then its result: records checked, streams intact, every defect")
    public ResponseEntity<?> get(@PathVariable String id) {
        Long value = null;
        try {
            value = Long.parseLong(id);
        } catch (NumberFormatException e) {
            // not a verification's id: answered as unknown below
        }
        return (value == null ? java.util.Optional.<Verifications.Run>empty() : verifications.find(value))
                .<ResponseEntity<?>>map(run -> ResponseEntity.ok(VerificationView.of(run)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                        .body(ApiProblems.problem(
                                HttpStatus.NOT_FOUND, "unknown-verification", "id", "no verification " + id)));
    }

    @GetMapping("/api/v1/audit/verifications")
    @Operation(summary = "The recent verifications, newest first")
    public VerificationList list() {
        return new VerificationList(
                verifications.recent().stream().map(VerificationView::of).toList());
    }

    @ExceptionHandler(Verifications.AlreadyRunningException.class)
    ResponseEntity<ProblemDetail> running(Verifications.AlreadyRunningException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .location(URI.create("/api/v1/audit/verifications/" + e.runningId()))
                .body(ApiProblems.problem(HttpStatus.CONFLICT, "verification-running", null, e.getMessage()));
    }

    @ExceptionHandler(CheckpointLedger.BackfillRunningException.class)
    ResponseEntity<ProblemDetail> backfillRunning(CheckpointLedger.BackfillRunningException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ApiProblems.problem(HttpStatus.CONFLICT, "chain-backfill-running", null, e.getMessage()));
    }
}
