package com.customertimeline.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Input rules shared by the aggregates. The API checks the same limits with Bean Validation for a quick
 * 400; these checks make the domain safe on its own, whichever way a command arrives.
 */
public final class Rules {

    /** Identifiers: letters, digits and {@code . _ : -}, at most 64 characters. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public static final int MAX_TEXT = 4_000;

    /**
     * Earliest business time accepted. Nothing a CRM records about living customers happened before
     * 1900; an earlier date is a typo or a zero value (0001-01-01) from another system.
     */
    public static final Instant EARLIEST_BUSINESS_TIME = Instant.parse("1900-01-01T00:00:00Z");

    /** Largest amount of money: 15 digits before the decimal point, as a request may give a price. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999999.9999");

    /** Most digits after the decimal point of an amount. */
    public static final int MAX_AMOUNT_SCALE = 4;

    private Rules() {}

    public static void requireId(String value, String field) {
        if (value == null || !ID.matcher(value).matches()) {
            throw CommandRejectedException.ruleViolated(
                    "invalid-id", field, field + " must be 1-64 letters, digits or . _ : -");
        }
    }

    public static void requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw CommandRejectedException.ruleViolated("missing-value", field, field + " must not be blank");
        }
        optionalText(value, field, maxLength);
    }

    public static void optionalText(String value, String field, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw CommandRejectedException.ruleViolated(
                    "too-long", field, field + " must be at most " + maxLength + " characters");
        }
    }

    public static void requireTime(Instant occurredAt) {
        if (occurredAt == null) {
            throw CommandRejectedException.ruleViolated("missing-value", "occurredAt", "occurredAt must be given");
        }
        requireNotTooEarly(occurredAt, "occurredAt");
    }

    /** A business time (event or due date) on or after {@link #EARLIEST_BUSINESS_TIME}. */
    public static void requireNotTooEarly(Instant value, String field) {
        if (value != null && value.isBefore(EARLIEST_BUSINESS_TIME)) {
            throw CommandRejectedException.ruleViolated(
                    "time-out-of-range", field, field + " must not lie before " + EARLIEST_BUSINESS_TIME);
        }
    }

    public static void optionalSatisfaction(Integer satisfaction) {
        if (satisfaction != null && (satisfaction < 1 || satisfaction > 5)) {
            throw CommandRejectedException.ruleViolated(
                    "satisfaction-out-of-range", "satisfaction", "satisfaction must be between 1 and 5");
        }
    }
}
