package com.customertimeline.audit.export;

import com.customertimeline.api.ApiProblems;
import com.customertimeline.api.InvalidRequestException;
import com.customertimeline.audit.ReadAccessLog;
import com.customertimeline.audit.store.StoredHistory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit/events}: every stored event, oldest first, for auditors to take away and check
 * with the offline verifier. Streams straight from a database cursor to the response, so an export of
 * millions of events needs no more memory than one of ten. Each export is written to the read-access
 * log before the first byte goes out ({@code customerId} or {@code *} for all customers, view
 * {@value #VIEW}).
 */
@RestController
@Tag(name = "Audit")
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
public class EventExportController {

    /** The view name of an export in the read-access log. */
    public static final String VIEW = "event-export";

    private static final Logger log = LoggerFactory.getLogger(EventExportController.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.$]{1,200}");

    private final EventExport export;
    private final ReadAccessLog reads;
    private final Clock clock;

    EventExportController(DataSource dataSource, ReadAccessLog reads, Clock clock) {
        this.export = new EventExport(new StoredHistory(dataSource));
        this.reads = reads;
        this.clock = clock;
    }

    @GetMapping("/api/v1/audit/events")
    @Operation(
            summary = "Export the stored events, oldest first, as NDJSON (verifiable) or CSV",
            description = "format=ndjson|csv, or Accept: application/x-ndjson | text/csv. Accept-Encoding: gzip"
                    + " (or gzip=true) compresses. Filters: customerId, repId (the rep's stream and every event"
                    + " naming the rep), from/to (recorded time, ISO instants, from inclusive, to exclusive),"
                    + " afterPosition (resume after the last position received), types (event type names,"
                    + " comma-separated). Each line carries position, stream, sequence, type and revision,"
                    + " recorded and business time, actor, correlation, causation and idempotency key, the"
                    + " stored payload and metadata and the event's chain hash.")
    public void events(
            @RequestParam(required = false) String format,
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String repId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String afterPosition,
            @RequestParam(required = false) List<String> types,
            @RequestParam(required = false) String gzip,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            HttpServletResponse response)
            throws Exception {
        List<ApiProblems.FieldError> errors = new ArrayList<>();
        EventExport.Format chosen = format(format, accept, errors);
        id("customerId", customerId, errors);
        id("repId", repId, errors);
        Instant fromInstant = instant("from", from, errors);
        Instant toInstant = instant("to", to, errors);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.add(new ApiProblems.FieldError("to", "must be after from"));
        }
        long after = position(afterPosition, errors);
        Set<String> typeNames = types(types, errors);
        boolean compress = compress(gzip, acceptEncoding, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }

        reads.customerRead(customerId == null ? "*" : customerId, VIEW);
        String extension = chosen == EventExport.Format.CSV ? "csv" : "ndjson";
        response.setStatus(200);
        response.setContentType(
                chosen == EventExport.Format.CSV ? "text/csv;charset=UTF-8" : "application/x-ndjson;charset=UTF-8");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"events-" + clock.instant().getEpochSecond() + "." + extension
                        + (compress ? ".gz\"" : "\""));
        if (compress) {
            response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        long started = System.nanoTime();
        OutputStream body = response.getOutputStream();
        try (OutputStream out = compress
                ? new GZIPOutputStream(new BufferedOutputStream(body, 1 << 16), 1 << 16)
                : new BufferedOutputStream(body, 1 << 16)) {
            long lines = export.write(
                    new StoredHistory.Selection(customerId, after),
                    new EventExport.Filter(repId, fromInstant, toInstant, typeNames),
                    chosen,
                    out);
            log.info(
                    "exported {} stored positions ({}) in {} ms",
                    lines,
                    extension,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static EventExport.Format format(String format, String accept, List<ApiProblems.FieldError> errors) {
        if (format != null && !format.isBlank()) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "ndjson", "json" -> EventExport.Format.NDJSON;
                case "csv" -> EventExport.Format.CSV;
                default -> {
                    errors.add(new ApiProblems.FieldError("format", "must be ndjson or csv"));
                    yield EventExport.Format.NDJSON;
                }
            };
        }
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")
                ? EventExport.Format.CSV
                : EventExport.Format.NDJSON;
    }

    private static void id(String field, String value, List<ApiProblems.FieldError> errors) {
        if (value != null && !ID.matcher(value).matches()) {
            errors.add(new ApiProblems.FieldError(field, "must be an identifier of 1 to 64 letters, digits, . _ : -"));
        }
    }

    private static Instant instant(String field, String value, List<ApiProblems.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new ApiProblems.FieldError(field, "must be an ISO-8601 instant such as 2026-01-31T09:00:00Z"));
            return null;
        }
    }

    private static long position(String value, List<ApiProblems.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            long position = Long.parseLong(value.trim());
            if (position < -1) {
                errors.add(new ApiProblems.FieldError("afterPosition", "must be -1 or more"));
            }
            return position;
        } catch (NumberFormatException e) {
            errors.add(new ApiProblems.FieldError("afterPosition", "must be a whole number (a position)"));
            return -1;
        }
    }

    private static Set<String> types(List<String> types, List<ApiProblems.FieldError> errors) {
        Set<String> names = new LinkedHashSet<>();
        if (types == null) {
            return names;
        }
        for (String item : types) {
            for (String name : Arrays.asList(item.split(","))) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!TYPE.matcher(trimmed).matches()) {
                    errors.add(new ApiProblems.FieldError("types", "'" + trimmed + "' is not an event type name"));
                } else {
                    names.add(trimmed);
                }
            }
        }
        return names;
    }

    private static boolean compress(String gzip, String acceptEncoding, List<ApiProblems.FieldError> errors) {
        if (gzip != null && !gzip.isBlank()) {
            if (!gzip.equals("true") && !gzip.equals("false")) {
                errors.add(new ApiProblems.FieldError("gzip", "must be true or false"));
                return false;
            }
            return gzip.equals("true");
        }
        return acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
    }
}
