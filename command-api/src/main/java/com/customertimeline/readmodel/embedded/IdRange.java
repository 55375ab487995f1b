package com.customertimeline.readmodel.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * The bounds a query puts on a string {@code _id}, so that {@link StoredDocumentCollection} reads only
 * that range of its sorted document map. The query itself is still matched against every document read,
 * so a bound this class does not understand only makes the range wider, never the answer different.
 */
record IdRange(String lower, boolean lowerInclusive, String upper, boolean upperInclusive) {

    /**
     * The range of {@code _id} a query bounds, from its top-level {@code _id} condition and those of a
     * top-level {@code $and}; null when it bounds none with strings (the whole map is read then).
     */
    static IdRange of(Document query, String idField) {
        IdRange range = new IdRange(null, true, null, true);
        boolean bounded = false;
        if (query.get(idField) instanceof Document condition) {
            IdRange narrowed = range.narrowedBy(condition);
            bounded |= narrowed != range;
            range = narrowed;
        }
        if (query.get("$and") instanceof List<?> all) {
            for (Object part : all) {
                if (part instanceof Document clause && clause.get(idField) instanceof Document condition) {
                    IdRange narrowed = range.narrowedBy(condition);
                    bounded |= narrowed != range;
                    range = narrowed;
                }
            }
        }
        return bounded ? range : null;
    }

    /**
     * Whether a sort is by {@code _id} alone: {@code TRUE} descending, {@code FALSE} ascending (or no
     * sort), null for any other sort.
     */
    static Boolean descendingById(Document orderBy, String idField) {
        if (orderBy == null || orderBy.isEmpty()) {
            return Boolean.FALSE;
        }
        if (orderBy.size() == 1 && orderBy.get(idField) instanceof Number direction) {
            return direction.intValue() < 0;
        }
        return null;
    }

    private IdRange narrowedBy(Document condition) {
        IdRange range = this;
        for (Map.Entry<String, Object> bound : condition.entrySet()) {
            if (!(bound.getValue() instanceof String key)) {
                continue;
            }
            range = switch (bound.getKey()) {
                case "$gt" -> range.withLower(key, false);
                case "$gte" -> range.withLower(key, true);
                case "$lt" -> range.withUpper(key, false);
                case "$lte" -> range.withUpper(key, true);
                default -> range;
            };
        }
        return range;
    }

    private IdRange withLower(String key, boolean inclusive) {
        if (lower != null) {
            int order = key.compareTo(lower);
            if (order < 0 || (order == 0 && (inclusive || !lowerInclusive))) {
                return this;
            }
        }
        return new IdRange(key, inclusive, upper, upperInclusive);
    }

    private IdRange withUpper(String key, boolean inclusive) {
        if (upper != null) {
            int order = key.compareTo(upper);
            if (order > 0 || (order == 0 && (inclusive || !upperInclusive))) {
                return this;
            }
        }
        return new IdRange(lower, lowerInclusive, key, inclusive);
    }

    private boolean aboveLower(String key) {
        if (lower == null) {
            return true;
        }
        int order = key.compareTo(lower);
        return order > 0 || (order == 0 && lowerInclusive);
    }

    private boolean belowUpper(String key) {
        if (upper == null) {
            return true;
        }
        int order = key.compareTo(upper);
        return order < 0 || (order == 0 && upperInclusive);
    }

    /**
     * The keys of the map in this range, ascending or descending, read lazily. String keys sort by
     * {@link String#compareTo} in the map (MVStore's default key type), as MongoDB sorts ASCII strings.
     */
    Stream<Object> keys(MVMap<Object, ?> map, boolean descending) {
        Cursor<Object, ?> cursor = map.cursor(descending ? upper : lower, null, descending);
        Iterator<Object> inRange = new Iterator<>() {
            private Object next = advance();

            private Object advance() {
                while (cursor.hasNext()) {
                    Object key = cursor.next();
                    if (!(key instanceof String id)) {
                        continue; // a bound on a string never matches another type (MongoDB's type bracketing)
                    }
                    boolean pastEnd = descending ? !aboveLower(id) : !belowUpper(id);
                    if (pastEnd) {
                        return null;
                    }
                    boolean beforeStart = descending ? !belowUpper(id) : !aboveLower(id);
                    if (!beforeStart) {
                        return id;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Object next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                Object current = next;
                next = advance();
                return current;
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(inRange, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
