package com.customertimeline.audit.checkpoint;

import com.customertimeline.api.InvalidRequestException;
import com.customertimeline.audit.verifier.SignedCheckpoint;
import com.customertimeline.projections.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signed checkpoints for auditors to copy and keep outside the service, the key that signs them, and
 * consistency proofs between two of them (ADR 0014).
 */
@RestController
@Tag(name = "Audit")
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class CheckpointController {

    private final CheckpointLedger ledger;
    private final SigningKey key;

    CheckpointController(CheckpointLedger ledger, SigningKey key) {
        this.ledger = ledger;
        this.key = key;
    }

    /** A checkpoint as the API shows it; {@code statement} is the exact text that was signed. */
    public record CheckpointView(
            long id, long treeSize, String rootHash, String createdAt, String signature, String statement) {
        public static CheckpointView of(SignedCheckpoint c) {
            return new CheckpointView(
                    c.id(),
                    c.treeSize(),
                    HexFormat.of().formatHex(c.rootHash()),
                    c.createdAt().toString(),
                    Base64.getEncoder().encodeToString(c.signature()),
                    c.statement());
        }
    }

    public record CheckpointList(List<CheckpointView> items, String keyId) {}

    public record PublicKeyView(String algorithm, String keyId, String pem) {}

    public record ConsistencyProof(CheckpointView from, CheckpointView to, List<String> proof) {}

    @GetMapping("/api/v1/audit/checkpoints")
    @Operation(
            summary = "Every signed checkpoint, oldest first (keep copies: they are what a rewrite cannot reproduce)")
    public CheckpointList list() {
        return new CheckpointList(ledger.all().stream().map(CheckpointView::of).toList(), key.keyId());
    }

    @PostMapping("/api/v1/audit/checkpoints")
    @Operation(summary = "Seal every event recorded so far and sign a checkpoint over them now")
    @ApiResponse(responseCode = "201", description = "the new signed checkpoint")
    @ApiResponse(
            responseCode = "409",
            description = "events stored before hash chains are still being chained (chain-backfill-running)",
            content = @Content(mediaType = "application/problem+json"))
    public ResponseEntity<CheckpointView> create() {
        return ResponseEntity.status(HttpStatus.CREATED).body(CheckpointView.of(ledger.create()));
    }

    @GetMapping("/api/v1/audit/public-key")
    @Operation(
            summary = "The Ed25519 key checkpoints are signed with",
            description = "format=pem answers the PEM file itself, for the offline verifier's --public-key.")
    public ResponseEntity<?> publicKey(@RequestParam(required = false) String format) {
        if (format == null || format.equals("json")) {
            return ResponseEntity.ok(new PublicKeyView("Ed25519", key.keyId(), key.pem()));
        }
        if (format.equals("pem")) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(key.pem());
        }
        throw new InvalidRequestException("format", "must be json or pem");
    }

    @GetMapping("/api/v1/audit/checkpoints/consistency")
    @Operation(
            summary = "RFC 6962 consistency proof between two checkpoints",
            description = "Shows that the later checkpoint's tree extends the earlier one's: nothing the"
                    + " earlier one covered was changed. from and to are checkpoint ids.")
    public ConsistencyProof consistency(@RequestParam String from, @RequestParam String to) {
        SignedCheckpoint first = checkpoint("from", from);
        SignedCheckpoint second = checkpoint("to", to);
        if (first.treeSize() > second.treeSize()) {
            throw new InvalidRequestException("from", "must name a checkpoint no larger than 'to'");
        }
        if (second.treeSize() > CheckpointLedger.MAX_PROOF_TREE) {
            throw new InvalidRequestException(
                    "to", "proofs are served for trees of up to " + CheckpointLedger.MAX_PROOF_TREE + " events");
        }
        List<String> proof = first.treeSize() == 0
                ? List.of()
                : ledger.consistencyProof(first.treeSize(), second.treeSize()).stream()
                        .map(HexFormat.of()::formatHex)
                        .toList();
        return new ConsistencyProof(CheckpointView.of(first), CheckpointView.of(second), proof);
    }

    private SignedCheckpoint checkpoint(String field, String id) {
        long value;
        try {
            value = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "must be a checkpoint id (a whole number)");
        }
        SignedCheckpoint checkpoint = ledger.find(value);
        if (checkpoint == null) {
            throw new InvalidRequestException(field, "no checkpoint " + value);
        }
        return checkpoint;
    }

    @ExceptionHandler(CheckpointLedger.BackfillRunningException.class)
    ResponseEntity<ProblemDetail> backfillRunning(CheckpointLedger.BackfillRunningException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.problem(HttpStatus.CONFLICT, "chain-backfill-running", null, e.getMessage()));
    }
}
