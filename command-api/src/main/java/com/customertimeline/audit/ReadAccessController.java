package com.customertimeline.audit;

import com.customertimeline.api.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The read-access log for auditors: who read which customer's data, when, in which view. */
@RestController
@Tag(name = "Audit")
public class ReadAccessController {

    static final int MAX_LIMIT = 500;

    private final ReadAccessLog log;

    ReadAccessController(ReadAccessLog log) {
        this.log = log;
    }

    /** A page of entries; {@code next} is the {@code after} of the following page, null at the end. */
    public record Page(List<ReadAccessLog.Entry> items, Long next) {}

    @GetMapping("/api/v1/audit/reads")
    @Operation(
            summary = "Who read which customer's data (every filter optional; oldest first)",
            description = "from inclusive, to exclusive (ISO instants); page on with after=<next>; limit at most 500.")
    public Page reads(
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String principal,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be 1 to " + MAX_LIMIT);
        }
        if (after < 0) {
            throw new InvalidRequestException("after", "must not be negative");
        }
        List<ReadAccessLog.Entry> items =
                log.find(customerId, principal, instant("from", from), instant("to", to), after, limit + 1);
        Long next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            next = items.get(limit - 1).id();
        }
        return new Page(items, next);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be an ISO-8601 instant such as 2026-01-31T09:00:00Z");
        }
    }
}
