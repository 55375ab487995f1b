package com.customertimeline.replay;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read models' fingerprints ({@link ReadModelDigests}), for proving that what readers see is what
 * the events say: take them on a quiet service, replay the projections, take them again, compare. The
 * crash test of the embedded default does exactly that after its last restart.
 */
@RestController
@RequestMapping("/api/v1/admin/read-models")
@Tag(name = "Operations")
public class ReadModelsController {

    /** The fingerprints and when they were taken (they read whole collections; take them when quiet). */
    public record ReadModels(Instant takenAt, List<ReadModelDigests.ProjectionDigest> projections) {}

    private final ReadModelDigests digests;

    ReadModelsController(ReadModelDigests digests) {
        this.digests = digests;
    }

    @GetMapping
    @Operation(
            summary = "Document count and SHA-256 of every read-model collection, to compare with a replay",
            description = "Reads every collection whole, in _id order; meant for a quiet moment. Equal before"
                    + " and after a replay means the read models are exactly what the events build.")
    public ReadModels readModels() {
        return new ReadModels(Instant.now(), digests.all());
    }
}
