package com.customertimeline.replay;

import com.customertimeline.api.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read models as a whole: their fingerprints ({@link ReadModelDigests}), for proving that what
 * readers see is what the events say (take them on a quiet service, rebuild or replay, take them again,
 * compare; the crash test of the embedded default does exactly that after its last restart), and a
 * rebuild of all of them in one pass over the event stream ({@link ReadModelRebuild}).
 */
@RestController
@RequestMapping("/api/v1/admin/read-models")
@Tag(name = "Operations")
public class ReadModelsController {

    /** The fingerprints and when they were taken (they read whole collections; take them when quiet). */
    public record ReadModels(Instant takenAt, List<ReadModelDigests.ProjectionDigest> projections) {}

    private static final String REBUILD = "/api/v1/admin/read-models/rebuild";

    private final ReadModelDigests digests;
    private final ReadModelRebuild rebuild;

    ReadModelsController(ReadModelDigests digests, ReadModelRebuild rebuild) {
        this.digests = digests;
        this.rebuild = rebuild;
    }

    @GetMapping
    @Operation(
            summary = "Document count and SHA-256 of every read-model collection, to compare with a replay",
            description = "Reads every collection whole, in _id order; meant for a quiet moment. Equal before"
                    + " and after a replay means the read models are exactly what the events build.")
    public ReadModels readModels() {
        return new ReadModels(Instant.now(), digests.all());
    }

    @PostMapping("/rebuild")
    @Operation(
            summary = "Rebuild every read model in one pass over the event stream, outside the processors",
            description = "Stops the projections' processors, clears their read models, applies the whole"
                    + " stream once to all of them, then starts the processors at the position reached."
                    + " 202 with the rebuild's state; follow it at the Location. 409 while a rebuild or a"
                    + " replay runs.")
    public ResponseEntity<Object> startRebuild() {
        try {
            return ResponseEntity.accepted().header("Location", REBUILD).body(rebuild.start());
        } catch (ReadModelRebuild.CannotRebuild refused) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(ApiProblems.problem(HttpStatus.CONFLICT, refused.code(), null, refused.getMessage()));
        }
    }

    @GetMapping("/rebuild")
    @Operation(summary = "The running or last rebuild: state, position and target, percent, rate and time left")
    public ReadModelRebuild.Status rebuildStatus() {
        return rebuild.status();
    }
}
