package com.customertimeline.workspace.auditor;

import com.customertimeline.audit.checkpoint.CheckpointController;
import com.customertimeline.audit.checkpoint.CheckpointLedger;
import com.customertimeline.audit.checkpoint.SigningKey;
import com.customertimeline.audit.export.EventExportController;
import com.customertimeline.audit.verification.VerificationController;
import com.customertimeline.audit.verification.Verifications;
import com.customertimeline.security.Caller;
import com.customertimeline.workspace.Formats;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The auditor's integrity page: verify the whole store and watch it run, read every defect found; seal
 * and sign a checkpoint and take copies of the checkpoints and the key; download the export, filtered,
 * for the offline verifier. The same operations as the audit API, signed in with the workspace's form.
 */
@Controller
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class IntegrityPages {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private final Verifications verifications;
    private final CheckpointLedger ledger;
    private final SigningKey key;
    private final EventExportController export;

    IntegrityPages(Verifications verifications, CheckpointLedger ledger, SigningKey key, EventExportController export) {
        this.verifications = verifications;
        this.ledger = ledger;
        this.key = key;
        this.export = export;
    }

    @GetMapping("/workspace/audit/integrity")
    String page(Model model) {
        verificationsModel(model);
        List<CheckpointController.CheckpointView> checkpoints = new java.util.ArrayList<>(ledger.all().stream()
                .map(CheckpointController.CheckpointView::of)
                .toList());
        java.util.Collections.reverse(checkpoints);
        model.addAttribute("checkpoints", checkpoints);
        model.addAttribute("keyId", key.keyId());
        if (!model.containsAttribute("exportForm")) {
            model.addAttribute("exportForm", new LinkedHashMap<String, String>());
        }
        return "workspace/integrity";
    }

    /** The verifications alone, which the page polls while one runs. */
    @GetMapping("/workspace/audit/integrity/verifications")
    String verificationsFragment(Model model) {
        verificationsModel(model);
        return "workspace/integrity :: verifications";
    }

    @PostMapping("/workspace/audit/verifications")
    String verify(RedirectAttributes redirect) {
        try {
            verifications.start(Caller.require().principal());
        } catch (Verifications.AlreadyRunningException e) {
            redirect.addFlashAttribute("integrityNotice", "integrity.verification.running");
        } catch (CheckpointLedger.BackfillRunningException e) {
            redirect.addFlashAttribute("integrityNotice", "integrity.backfill-running");
        }
        return "redirect:/workspace/audit/integrity";
    }

    @PostMapping("/workspace/audit/checkpoints")
    String checkpoint(RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("sealed", ledger.create().id());
        } catch (CheckpointLedger.BackfillRunningException e) {
            redirect.addFlashAttribute("integrityNotice", "integrity.backfill-running");
        }
        return "redirect:/workspace/audit/integrity";
    }

    @GetMapping("/workspace/audit/checkpoints.json")
    ResponseEntity<CheckpointController.CheckpointList> checkpoints() {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"checkpoints.json\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new CheckpointController.CheckpointList(
                        ledger.all().stream()
                                .map(CheckpointController.CheckpointView::of)
                                .toList(),
                        key.keyId()));
    }

    @GetMapping("/workspace/audit/public-key.pem")
    ResponseEntity<byte[]> publicKey() {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"timeline-key.pem\"")
                .contentType(MediaType.TEXT_PLAIN)
                .body(key.pem().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Downloads the export with the form's filters; times are read in the auditor's zone. A bad field
     * shows the page again with the reason beside it, and nothing is downloaded.
     */
    @GetMapping("/workspace/audit/export")
    String download(
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String repId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String types,
            @RequestParam(defaultValue = "ndjson") String format,
            @RequestParam(required = false) String gzip,
            @ModelAttribute("fmt") Formats fmt,
            HttpServletResponse response,
            Model model)
            throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("customerId", trim(customerId));
        form.put("repId", trim(repId));
        form.put("from", trim(from));
        form.put("to", trim(to));
        form.put("types", trim(types));
        form.put("format", format);
        form.put("gzip", gzip == null ? "" : "on");
        Map<String, String> errors = new LinkedHashMap<>();
        for (String field : List.of("customerId", "repId")) {
            if (!form.get(field).isEmpty() && !ID.matcher(form.get(field)).matches()) {
                errors.put(field, "integrity.export.bad-id");
            }
        }
        Instant fromInstant = instant(fmt, form.get("from"), "from", errors);
        Instant toInstant = instant(fmt, form.get("to"), "to", errors);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.put("to", "integrity.export.to-before-from");
        }
        if (!format.equals("ndjson") && !format.equals("csv")) {
            errors.put("format", "integrity.export.bad-format");
        }
        if (!form.get("types").isEmpty() && !form.get("types").matches("[A-Za-z0-9_.$, ]{1,2000}")) {
            errors.put("types", "integrity.export.bad-types");
        }
        if (!errors.isEmpty()) {
            model.addAttribute("exportForm", form);
            model.addAttribute("exportErrors", errors);
            response.setStatus(400);
            return page(model);
        }
        export.events(
                format,
                blankToNull(form.get("customerId")),
                blankToNull(form.get("repId")),
                fromInstant == null ? null : fromInstant.toString(),
                toInstant == null ? null : toInstant.toString(),
                null,
                form.get("types").isEmpty() ? null : List.of(form.get("types")),
                gzip == null ? "false" : "true",
                null,
                null,
                response);
        return null;
    }

    private void verificationsModel(Model model) {
        List<VerificationController.VerificationView> runs = verifications.recent().stream()
                .map(VerificationController.VerificationView::of)
                .toList();
        model.addAttribute("verifications", runs);
        model.addAttribute("latest", runs.isEmpty() ? null : runs.get(0));
        model.addAttribute(
                "verifying", runs.stream().anyMatch(run -> run.state().equals("RUNNING")));
    }

    private static Instant instant(Formats fmt, String value, String field, Map<String, String> errors) {
        try {
            return fmt.parse(value);
        } catch (IllegalArgumentException e) {
            errors.put(field, "integrity.export.bad-time");
            return null;
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
