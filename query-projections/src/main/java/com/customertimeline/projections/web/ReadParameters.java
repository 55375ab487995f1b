package com.customertimeline.projections.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Parses read parameters, naming the parameter when a value is not acceptable. */
final class ReadParameters {

    private ReadParameters() {}

    static <E extends Enum<E>> Set<E> enums(String parameter, Collection<String> values, Class<E> type) {
        Set<E> parsed = EnumSet.noneOf(type);
        if (values == null) {
            return parsed;
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            parsed.add(oneOf(parameter, value, type));
        }
        return parsed;
    }

    static <E extends Enum<E>> E oneOf(String parameter, String value, Class<E> type) {
        String normalised = value.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().replace("_", "").equals(normalised.replace("_", ""))) {
                return constant;
            }
        }
        throw new BadReadParameterException(
                parameter, "'" + value + "' is not one of " + EnumSet.allOf(type) + " for parameter " + parameter);
    }

    static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadReadParameterException(
                    parameter,
                    "'" + value + "' is not an ISO-8601 instant (e.g. 2026-01-31T09:00:00Z) for " + parameter);
        }
    }

    static boolean descending(String parameter, String value, boolean byDefault) {
        if (value == null || value.isBlank()) {
            return byDefault;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "desc" -> true;
            case "asc" -> false;
            default -> throw new BadReadParameterException(parameter, parameter + " must be asc or desc");
        };
    }

    static int range(String parameter, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadReadParameterException(
                    parameter, parameter + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Free text a person could type: at most {@code maxLength} characters and no control characters. A
     * NUL cannot be stored or matched in MongoDB (BSON strings are NUL-terminated) and reached the
     * driver as a 500; the rest have no business in a search either.
     */
    static String text(String parameter, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new BadReadParameterException(parameter, parameter + " must be at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new BadReadParameterException(parameter, parameter + " must not contain control characters");
        }
        return value;
    }

    static void requireConsistencyTarget(Long minVersion, String customerId) {
        if (minVersion != null && (customerId == null || customerId.isBlank())) {
            throw new BadReadParameterException(
                    "customerId", "minVersion on this endpoint needs customerId: the customer whose version it is");
        }
        if (minVersion != null && minVersion < 0) {
            throw new BadReadParameterException("minVersion", "minVersion must not be negative");
        }
    }
}
