package com.customertimeline.api;

import com.customertimeline.app.backpressure.ProjectionBacklog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator view of the event processors: where each stands in the event stream and whether it is
 * replaying, and a way to rebuild a projection from the whole history. Rebuilding is safe because
 * projections are idempotent and have reset handlers; side effects are not replayed.
 */
@RestController
@RequestMapping("/api/v1/admin/processors")
@Tag(name = "Operations")
public class ProjectionAdminController {

    /**
     * One processor's state. {@code position} is the lowest position over its segments; {@code caughtUp}
     * says whether every segment has reached the head of the stream since the processor started (a
     * processor still working through history is not yet live, and back-pressure does not wait for it).
     */
    public record ProcessorState(
            String name,
            boolean running,
            boolean replaying,
            boolean caughtUp,
            int segments,
            Long position,
            Long head,
            Long lag) {}

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    ProjectionAdminController(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    @GetMapping
    @Operation(summary = "Event processors with their position, head of the stream and lag (events)")
    public List<ProcessorState> processors() {
        Long head = position(eventStore.createHeadToken());
        List<ProcessorState> states = new ArrayList<>();
        Map<String, StreamingEventProcessor> streaming = new TreeMap<>(processing.eventProcessors().entrySet().stream()
                .filter(e -> e.getValue() instanceof StreamingEventProcessor)
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> (StreamingEventProcessor) e.getValue())));
        streaming.forEach((name, processor) -> states.add(state(name, processor, head)));
        return states;
    }

    @PostMapping("/{name}/replay")
    @Operation(summary = "Rebuild a projection: clear it (reset handler) and process all events again")
    public ResponseEntity<Object> replay(@PathVariable String name) {
        StreamingEventProcessor processor =
                processing.eventProcessor(name, StreamingEventProcessor.class).orElse(null);
        if (processor == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(ApiProblems.problem(
                            HttpStatus.NOT_FOUND, "unknown-processor", "name", "no event processor " + name));
        }
        if (!processor.supportsReset()) {
            return ResponseEntity.unprocessableEntity()
                    .body(ApiProblems.problem(
                            HttpStatus.UNPROCESSABLE_ENTITY,
                            "reset-not-supported",
                            "name",
                            "processor " + name + " cannot be reset"));
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return ResponseEntity.accepted().body(state(name, processor, position(eventStore.createHeadToken())));
    }

    private static ProcessorState state(String name, StreamingEventProcessor processor, Long head) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        boolean replaying = status.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        boolean caughtUp = !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        OptionalLong lowest = ProjectionBacklog.lowestPosition(status.values());
        Long position = lowest.isPresent() ? lowest.getAsLong() : null;
        Long lag = head == null || position == null ? null : Math.max(0, head - position);
        return new ProcessorState(name, processor.isRunning(), replaying, caughtUp, status.size(), position, head, lag);
    }

    private static Long position(TrackingToken token) {
        if (token == null) {
            return null;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }
}
