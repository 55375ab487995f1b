package com.customertimeline.imports;

import com.customertimeline.api.ApiProblems;
import com.customertimeline.api.CommandSupport;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk import of history, for migrating from another CRM and for apps that hold a backlog: one NDJSON
 * file of records (reps, customers, card changes, interactions, purchases, complaints and their
 * responses and resolutions, reassignments), each line checked like the matching command and applied
 * with its original business time. The upload is answered at once with 202 and the import's status
 * resource, which reports progress and a problem for each rejected line; apps and administrators only.
 */
@RestController
@Tag(name = "Import")
public class ImportController {

    /** NDJSON's media type; {@code application/jsonl} is accepted as well. */
    static final String NDJSON = "application/x-ndjson";

    /** The projections follow the import as it goes (the default). */
    static final String LIVE = "live";

    /** The projections stop for the import and catch up after it (administrators only). */
    static final String AFTER_IMPORT = "after-import";

    private final ImportingHistory importing;
    private final ImportProperties properties;
    private final Clock clock;

    ImportController(ImportingHistory importing, ImportProperties properties, Clock clock) {
        this.importing = importing;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping(
            path = "/api/v1/imports",
            consumes = {NDJSON, "application/jsonl"})
    @Operation(
            summary = "Import history from an NDJSON file (one record per line, each with its type and occurredAt)",
            description = "Answers 202 with the import's status resource (Location). Re-posting a file applies"
                    + " nothing twice: each line is idempotent by its key (the line's own key, or the SHA-256 of"
                    + " its content). See the README, Bulk import, for the line formats.")
    @ApiResponse(
            responseCode = "202",
            description = "Accepted; follow the import at Location",
            content = @Content(schema = @Schema(implementation = ImportJob.View.class)))
    @ApiResponse(
            responseCode = "400",
            description = "An empty body (code empty-import)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "413",
            description = "Larger than timeline.imports.max-size (code import-too-large)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "415",
            description = "Not application/x-ndjson or application/jsonl (code unsupported-media-type)",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<Object> importHistory(
            HttpServletRequest request,
            @Parameter(
                            description = "live: the read models follow the import as it goes; after-import"
                                    + " (administrators): they stop for the import and catch up after it, in full"
                                    + " batches, which is faster for a migration")
                    @RequestParam(name = "readModels", defaultValue = LIVE)
                    String readModels,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf)
            throws IOException {
        if (!readModels.equals(LIVE) && !readModels.equals(AFTER_IMPORT)) {
            return problem(
                    HttpStatus.BAD_REQUEST, "invalid-request", "readModels", "readModels must be live or after-import");
        }
        if (onBehalfOf != null) {
            // checked once here rather than refusing every line of the file
            CommandSupport.requireValidOnBehalfOf(Caller.require(), onBehalfOf);
        }
        if (!importing.mayQueueAnother()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, "60")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ApiProblems.problem(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "too-many-imports",
                            null,
                            properties.maxQueued() + " imports are queued or running; post this one when one of"
                                    + " them has finished"));
        }
        if (readModels.equals(AFTER_IMPORT) && !Caller.require().has(Role.ADMIN)) {
            return problem(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "readModels",
                    "only an administrator may stop the read models for an import");
        }
        Path file = Files.createTempFile("timeline-import-", ".ndjson");
        long bytes;
        try {
            bytes = copy(request.getInputStream(), file, properties.maxSize().toBytes());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (bytes < 0) {
            Files.deleteIfExists(file);
            return problem(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "import-too-large",
                    null,
                    "the file is larger than " + properties.maxSize().toMegabytes()
                            + " MB; split it into several imports (each line is applied on its own)");
        }
        if (bytes == 0) {
            Files.deleteIfExists(file);
            return problem(HttpStatus.BAD_REQUEST, "empty-import", null, "the body holds no line to import");
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        ImportJob job = importing.submit(file, bytes, caller, onBehalfOf, readModels.equals(AFTER_IMPORT));
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/imports/" + job.id()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(job.view(clock.instant()));
    }

    @GetMapping("/api/v1/imports/{importId}")
    @Operation(summary = "Where an import stands: lines read, applied, already imported, rejected (with problems)")
    @ApiResponse(
            responseCode = "200",
            description = "The import's status",
            content = @Content(schema = @Schema(implementation = ImportJob.View.class)))
    public ResponseEntity<Object> status(@PathVariable String importId) {
        Caller caller = Caller.require();
        return importing
                .find(importId)
                .filter(job -> caller.has(Role.ADMIN) || job.submittedBy().equals(caller.principal()))
                .<ResponseEntity<Object>>map(job -> ResponseEntity.ok()
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .body(job.view(clock.instant())))
                .orElseGet(() -> problem(
                        HttpStatus.NOT_FOUND,
                        "no-import",
                        "importId",
                        "no import " + importId + " of yours is known (statuses are kept in memory until the"
                                + " service restarts)"));
    }

    /** Copies at most {@code limit} bytes; returns the count, or -1 when the body is longer. */
    private static long copy(InputStream in, Path file, long limit) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > limit) {
                    return -1;
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String code, String field, String detail) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ApiProblems.problem(status, code, field, detail));
    }
}
