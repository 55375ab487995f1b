package com.customertimeline.replay;

import com.customertimeline.api.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator and auditor view of the event processors: where each stands in the event stream, whether it is
 * replaying and how far a replay has come (percent, rate, time left), and, for administrators, a way to
 * rebuild a projection from the whole history. Rebuilding is safe because projections are idempotent
 * and have reset handlers; side effects are not replayed.
 */
@RestController
@RequestMapping("/api/v1/admin/processors")
@Tag(name = "Operations")
public class ProcessorsController {

    /**
     * One processor's state. {@code position} is the lowest position over its segments; {@code caughtUp}
     * says whether every segment has reached the head of the stream since the processor started (a
     * processor still working through history is not yet live, and back-pressure does not wait for it).
     * {@code target} is where it is heading: the position of the stream's head when a replay was asked
     * for, or the current head; {@code percent}, {@code eventsPerSecond} (over the last ten seconds) and
     * {@code etaSeconds} follow from it.
     */
    public record ProcessorState(
            String name,
            ReplayProgress.State state,
            boolean running,
            boolean replaying,
            boolean caughtUp,
            int segments,
            Long position,
            Long head,
            Long lag,
            Long target,
            double percent,
            Double eventsPerSecond,
            Long etaSeconds,
            java.time.Instant replayStartedAt,
            java.time.Instant replayFinishedAt) {}

    private final EventProcessingConfiguration processing;
    private final ReplayProgress progress;

    ProcessorsController(EventProcessingConfiguration processing, ReplayProgress progress) {
        this.processing = processing;
        this.progress = progress;
    }

    @GetMapping
    @Operation(summary = "Event processors with their position, head of the stream, lag and replay progress")
    public List<ProcessorState> processors() {
        return progress.all().stream().map(this::state).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One event processor: position and total, percent, rate and time left of a replay")
    public ResponseEntity<Object> processor(@PathVariable String name) {
        return progress.of(name)
                .<ResponseEntity<Object>>map(found -> ResponseEntity.ok(state(found)))
                .orElseGet(() -> unknown(name));
    }

    @PostMapping("/{name}/replay")
    @Operation(summary = "Rebuild a projection: clear it (reset handler) and process all events again")
    public ResponseEntity<Object> replay(@PathVariable String name) {
        StreamingEventProcessor processor =
                processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
        if (processor == null) {
            return unknown(name);
        }
        if (!processor.supportsReset()) {
            return ResponseEntity.unprocessableEntity()
                    .body(ApiProblems.problem(
                            HttpStatus.UNPROCESSABLE_ENTITY,
                            "reset-not-supported",
                            "name",
                            "processor " + name + " cannot be reset"));
        }
        progress.replay(name, processor);
        return ResponseEntity.accepted()
                .header("Location", "/api/v1/admin/processors/" + name)
                .body(state(progress.of(name).orElseThrow()));
    }

    private static ResponseEntity<Object> unknown(String name) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ApiProblems.problem(
                        HttpStatus.NOT_FOUND, "unknown-processor", "name", "no event processor " + name));
    }

    private ProcessorState state(ReplayProgress.Progress p) {
        StreamingEventProcessor processor = processing
                .eventProcessor(p.name(), StreamingEventProcessor.class)
                .orElseThrow();
        var status = processor.processingStatus().values();
        boolean replaying = status.stream().anyMatch(EventTrackerStatus::isReplaying);
        boolean caughtUp = !status.isEmpty() && status.stream().allMatch(EventTrackerStatus::isCaughtUp);
        Long lag = p.head() == null || p.position() == null ? null : Math.max(0, p.head() - p.position());
        return new ProcessorState(
                p.name(),
                p.state(),
                p.running(),
                replaying,
                caughtUp,
                p.segments(),
                p.position(),
                p.head(),
                lag,
                p.target(),
                p.percent(),
                p.eventsPerSecond(),
                p.etaSeconds(),
                p.replayStartedAt(),
                p.replayFinishedAt());
    }
}
