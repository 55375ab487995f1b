package com.customertimeline.projections.timeline;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque keyset cursor: the business time (epoch millis, as stored) and sequence number of the last entry
 * of a page, plus the direction it was read in. The next page continues strictly after that key, so
 * entries arriving meanwhile never shift or repeat the entries already paged through (unlike an offset).
 */
public record TimelineCursor(long occurredAtMillis, long sequence, boolean newestFirst) {

    private static final String VERSION = "t1";

    public String encode() {
        String raw = VERSION + ":" + occurredAtMillis + ":" + sequence + ":" + (newestFirst ? "d" : "a");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor.
     *
     * @throws IllegalArgumentException if the cursor was not made by {@link #encode()}
     */
    public static TimelineCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":");
            if (parts.length != 4 || !VERSION.equals(parts[0]) || !(parts[3].equals("d") || parts[3].equals("a"))) {
                throw new IllegalArgumentException("not a timeline cursor");
            }
            return new TimelineCursor(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3].equals("d"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a timeline cursor: " + cursor, e);
        }
    }
}
