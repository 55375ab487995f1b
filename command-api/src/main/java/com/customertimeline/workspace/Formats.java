package com.customertimeline.workspace;

import com.customertimeline.domain.model.Money;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/**
 * Dates, times and amounts as the person reading them writes them: in their language and in their time
 * zone (which the browser reports, see {@code app.js}). Templates reach it as {@code fmt}.
 */
public final class Formats {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final Locale locale;
    private final ZoneId zone;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter date;

    public Formats(Locale locale, ZoneId zone) {
        this.locale = locale;
        this.zone = zone;
        this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(zone);
        this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(locale)
                .withZone(zone);
    }

    public Locale locale() {
        return locale;
    }

    public ZoneId zone() {
        return zone;
    }

    /** A moment, e.g. "Mar 3, 2026, 2:05 PM" or "2026年3月3日 14:05". */
    public String dateTime(Instant instant) {
        return instant == null ? "" : dateTime.format(instant);
    }

    public String date(Instant instant) {
        return instant == null ? "" : date.format(instant);
    }

    /** The machine-readable form for a {@code <time datetime>} attribute. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** The value of a {@code datetime-local} input showing this moment in the reader's zone. */
    public String input(Instant instant) {
        return instant == null ? "" : INPUT.format(LocalDateTime.ofInstant(instant, zone));
    }

    /** A {@code datetime-local} (or {@code date}) input's value, read in the reader's zone; null if blank. */
    public Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            if (trimmed.length() == 10) {
                return java.time.LocalDate.parse(trimmed).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(trimmed).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date and time: " + value, e);
        }
    }

    /** An amount in its own currency, written the reader's way ("CN¥1,234.50", "¥1,234.50", "€12.00"). */
    public String money(Money money) {
        if (money == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        try {
            Currency currency = Currency.getInstance(money.currency());
            format.setCurrency(currency);
            format.setMinimumFractionDigits(currency.getDefaultFractionDigits());
            format.setMaximumFractionDigits(Math.max(currency.getDefaultFractionDigits(), 4));
        } catch (IllegalArgumentException unknownCurrency) {
            return money.amount().toPlainString() + " " + money.currency();
        }
        return format.format(money.amount());
    }

    /** A share (0..1) as a percentage. */
    public String percent(Double share) {
        if (share == null) {
            return "–";
        }
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(0);
        return format.format(share);
    }

    /** A decimal such as an average rating, one digit after the point. */
    public String decimal(Double value) {
        if (value == null) {
            return "–";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(1);
        format.setMaximumFractionDigits(1);
        return format.format(value);
    }

    public String number(long value) {
        return NumberFormat.getIntegerInstance(locale).format(value);
    }
}
