package com.customertimeline.replay;

import com.customertimeline.projections.support.CustomerScopedProjection;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A fingerprint of every read-model collection: its document count and a SHA-256 over its documents in
 * {@code _id} order, each in a canonical form (fields sorted by name at every level, BSON types kept,
 * so {@code 1} and {@code 1L} differ). The MongoDB projections' documents follow from the events (and,
 * for personal texts, from whether the customer's key still exists), so the fingerprint taken on a quiet
 * service equals the one taken after a replay of the same events, whatever batches, restarts or crashes
 * produced the documents; a difference names the collection that a replay would change. After an
 * upgrade that changed a document's layout a difference may also be the older layout. Tracking tokens,
 * the store's own bookkeeping and the departure process's relational ledger are not covered.
 *
 * <p>It reads whole collections, a page of {@code _id} range at a time, so it is an operator's and
 * auditor's check for a quiet moment, not something to poll.
 */
@Component
public class ReadModelDigests {

    private static final JsonWriterSettings CANONICAL =
            JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final int BATCH = 1_000;

    /** One collection's fingerprint. */
    public record CollectionDigest(String collection, long documents, String sha256) {}

    /** The fingerprints of one projection's collections. */
    public record ProjectionDigest(String processor, List<CollectionDigest> collections) {}

    private final MongoDatabase database;
    private final List<CustomerScopedProjection> projections;

    ReadModelDigests(
            @Qualifier("readModelDatabase") MongoDatabase database, List<CustomerScopedProjection> projections) {
        this.database = database;
        this.projections = projections.stream()
                .sorted(Comparator.comparing(CustomerScopedProjection::processingGroup))
                .toList();
    }

    /** Every projection's collections, projections by name, collections in the projection's order. */
    public List<ProjectionDigest> all() {
        List<ProjectionDigest> result = new ArrayList<>();
        for (CustomerScopedProjection projection : projections) {
            List<CollectionDigest> collections = new ArrayList<>();
            for (String name : projection.collections()) {
                collections.add(digest(database.getCollection(name)));
            }
            result.add(new ProjectionDigest(projection.processingGroup(), collections));
        }
        return result;
    }

    /**
     * Pages through the collection by {@code _id} (every read-model key is a string), a page of
     * {@value #BATCH} at a time: a range of {@code _id} is what MongoDB serves from its index and the
     * embedded store from its sorted keys, so neither holds more than a page. A document whose key is
     * not a string would be missed by the ranges, so the pages' total is checked against the count.
     */
    static CollectionDigest digest(MongoCollection<Document> collection) {
        MessageDigest sha256 = sha256();
        long count = 0;
        Bson range = Filters.gte("_id", "");
        while (true) {
            String last = null;
            for (Document document :
                    collection.find(range).sort(Sorts.ascending("_id")).limit(BATCH)) {
                sha256.update(canonical(document).getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) '\n');
                count++;
                last = document.getString("_id");
            }
            if (last == null) {
                break;
            }
            range = Filters.gt("_id", last);
        }
        long stored = collection.estimatedDocumentCount();
        if (stored != count) {
            throw new IllegalStateException(collection.getNamespace() + " holds " + stored + " documents but " + count
                    + " have string keys; the fingerprint would leave some out");
        }
        return new CollectionDigest(
                collection.getNamespace().getCollectionName(),
                count,
                HexFormat.of().formatHex(sha256.digest()));
    }

    /** The document as extended JSON with the fields of it and of every embedded document sorted. */
    static String canonical(Document document) {
        return ((Document) sorted(document)).toJson(CANONICAL);
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> byName = new TreeMap<>();
            map.forEach((key, inner) -> byName.put((String) key, sorted(inner)));
            return new Document(byName);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ReadModelDigests::sorted).toList();
        }
        return value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
