package com.customertimeline.projections.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Converts event records to BSON and stored BSON back to plain values. Done by hand rather than with a
 * codec so that stored documents have one fixed shape: instants become BSON dates (millisecond precision,
 * sortable), money amounts decimal strings (exact, no binary floating point), enums their names, and
 * nulls are kept so a document written in one batch equals one written in another.
 */
public final class Documents {

    private Documents() {}

    /** Turns a record (or any supported value) into its BSON form. */
    public static Object toBson(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Instant instant) {
            return Date.from(instant);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            for (Object item : collection) {
                list.add(toBson(item));
            }
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            map.forEach((k, v) -> document.append(String.valueOf(k), toBson(v)));
            return document;
        }
        if (value instanceof Record record) {
            return recordToDocument(record);
        }
        return value.toString();
    }

    /** Turns a record into a document with one field per component. */
    public static Document recordToDocument(Record record) {
        Document document = new Document();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                component.getAccessor().setAccessible(true);
                document.append(
                        component.getName(), toBson(component.getAccessor().invoke(record)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), e);
            }
        }
        return document;
    }

    /**
     * Turns stored BSON into plain Java values (maps, lists, instants) for a response body. Money (a
     * document of exactly {@code amount} and {@code currency}) gets its amount back as a decimal, so a
     * response shows money as the write side takes it: a JSON number, as in the summary.
     */
    public static Object toPlain(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Map<?, ?> map && isMoney(map)) {
            Map<String, Object> money = new LinkedHashMap<>();
            money.put("amount", new BigDecimal((String) map.get("amount")));
            money.put("currency", map.get("currency"));
            return money;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(String.valueOf(k), toPlain(v)));
            return plain;
        }
        if (value instanceof List<?> list) {
            List<Object> plain = new ArrayList<>(list.size());
            for (Object item : list) {
                plain.add(toPlain(item));
            }
            return plain;
        }
        return value;
    }

    private static boolean isMoney(Map<?, ?> map) {
        return map.size() == 2
                && map.get("amount") instanceof String amount
                && map.get("currency") instanceof String
                && amount.matches("-?[0-9]+(\\.[0-9]+)?");
    }

    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** The later of two dates, either of which may be null. */
    public static Date later(Date a, Date b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.after(b) ? a : b;
    }
}
