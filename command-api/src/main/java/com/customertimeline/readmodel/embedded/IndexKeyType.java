package com.customertimeline.readmodel.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded projection store's unique-index maps. It stores keys exactly as H2's
 * {@link ObjectDataType} does (so the file format is unchanged), but orders {@link KeyValue} keys by
 * their values instead of by their Java-serialized bytes.
 *
 * <p>Why: {@code KeyValue} is not {@link Comparable}, so {@code ObjectDataType} compares two of them by
 * serializing both with {@code ObjectOutputStream} — on every step of every B-tree search. Profiling the
 * read-side benchmark put a quarter of the service's CPU there (every projection write looks up the
 * {@code _id} index and the {@code {_id, lastSequence}} index). Comparing the values directly gives the
 * same lookups without the serialization.
 *
 * <p>The order differs from the serialized-bytes order, so a map written with one order cannot be read
 * with the other: {@link IndexedH2Backend} marks the files it creates and refuses files it did not.
 */
final class IndexKeyType extends ObjectDataType {

    private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();

    /** One per map, as H2 does: the superclass caches the last type it saw and is not shared safely. */
    IndexKeyType() {}

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            int byValues = compareValues(left, right);
            if (byValues != 0 || left.equals(right)) {
                return byValues;
            }
            // values the comparator ranks equal but that are not equal keys (never seen with the
            // normalized keys the indexes store): fall back to the serialized order as a tie-break, so
            // the order stays total and unequal keys never collide
        }
        return super.compare(a, b);
    }

    private static int compareValues(KeyValue left, KeyValue right) {
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            int result = VALUES.compare(left.get(i), right.get(i));
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
