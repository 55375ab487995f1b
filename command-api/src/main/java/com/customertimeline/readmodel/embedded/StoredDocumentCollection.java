package com.customertimeline.readmodel.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;

/**
 * A collection of the embedded projection store: the library's {@code H2Collection} (same map, same keys,
 * same behaviour) except that the map holds each document as its BSON bytes ({@link StoredDocument}) and
 * that it keeps no running data size.
 *
 * <p>Why not the library's class: its map holds decoded documents, so MVStore re-encoded every document
 * of every page it wrote and decoded every document of every page it read (see {@link StoredDocument}).
 * The running data size cost a BSON encoding of the old and the new document on every write, a tenth of
 * a replay's CPU, and the read side never asks for collection statistics; {@link #getDataSize()} adds up
 * the stored sizes when somebody does.
 *
 * <p>A query that names a string {@code _id} is answered from the document map, which is keyed by
 * {@code _id}, whatever else it asks for: the library only uses an index whose keys are exactly the
 * query's, so the projections' optimistic replace ({@code {_id, lastSequence}}) otherwise needed an index
 * of its own, maintained on every write, or a scan of the collection.
 *
 * <p>A query that bounds a string {@code _id} ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}, at the
 * top or inside {@code $and}) walks that range of the map, which is sorted by {@code _id}, and when it is
 * sorted by {@code _id} alone it walks in that direction and stops at the limit ({@link IdRange}). The
 * library answers such a query by decoding every document of the collection; the timeline's pages are
 * such queries (its entries are keyed in timeline order, ADR 0019).
 *
 * <p>A lookup by {@code _id} with an inclusion projection decodes only the fields it names
 * ({@link StoredDocument#decodeOnly}): every customer-scoped read checks the customer's owner in the 360
 * summary, which for a customer with hundreds of open items is a document of hundreds of KB.
 */
final class StoredDocumentCollection extends AbstractSynchronizedMongoCollection<Object> {

    private final MVMap<Object, StoredDocument> dataMap;

    StoredDocumentCollection(
            MongoDatabase database,
            String collectionName,
            CollectionOptions options,
            MVMap<Object, StoredDocument> dataMap,
            CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
        this.dataMap = dataMap;
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        // not tracked (tracksDataSize)
    }

    @Override
    protected int getDataSize() {
        long size = 0;
        for (StoredDocument document : dataMap.values()) {
            size += document.size();
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
        StoredDocument previous = dataMap.putIfAbsent(Missing.ofNullable(key), StoredDocument.encode(document));
        if (previous != null) {
            throw new IllegalStateException("Document with key '" + key + "' already existed in " + this);
        }
        return key;
    }

    @Override
    public int count() {
        return dataMap.size();
    }

    @Override
    public boolean isEmpty() {
        return dataMap.isEmpty();
    }

    @Override
    protected Document getDocument(Object position) {
        StoredDocument stored = dataMap.get(position);
        return stored == null ? null : stored.decode();
    }

    @Override
    protected void removeDocument(Object position) {
        if (dataMap.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return dataMap.entrySet().stream()
                .map(entry -> new DocumentWithPosition<>(entry.getValue().decode(), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        Stream<Document> documents;
        if (isNaturalDescending(orderBy)) {
            documents = streamAllDocumentsWithPosition()
                    .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                    .map(DocumentWithPosition::getDocument);
        } else {
            documents = dataMap.values().stream().map(StoredDocument::decode);
        }
        return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected QueryResult queryDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        if (query != null && getIdField() != null && query.get(getIdField()) instanceof String id) {
            StoredDocument stored = dataMap.get(id);
            Stream<Document> candidates =
                    stored == null ? Stream.empty() : Stream.of(decode(stored, query, fieldSelector));
            return matchDocumentsFromStream(candidates, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        if (query != null && getIdField() != null && !isNaturalDescending(orderBy)) {
            IdRange range = IdRange.of(query, getIdField());
            if (range != null) {
                Boolean descending = IdRange.descendingById(orderBy, getIdField());
                boolean reverse = descending != null && descending;
                Stream<Document> inOrder = range.keys(dataMap, reverse)
                        .map(dataMap::get)
                        .filter(Objects::nonNull)
                        .map(StoredDocument::decode);
                // in the asked order already: no sort, so the limit stops the walk
                Document sort = descending != null ? null : orderBy;
                return matchDocumentsFromStream(inOrder, query, sort, numberToSkip, limit, batchSize, fieldSelector);
            }
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * The document, or only the top-level fields an inclusion projection and the query need: the library
     * applies the projection and matches the query to what this returns, so leaving out the other fields
     * changes nothing but the work.
     */
    private static Document decode(StoredDocument stored, Document query, Document fieldSelector) {
        Set<String> fields = includedTopLevelFields(query, fieldSelector);
        if (fields != null) {
            Document partial = stored.decodeOnly(fields);
            if (partial != null) {
                return partial;
            }
        }
        return stored.decode();
    }

    /** Top-level fields of an inclusion-only projection plus the query's, or null for any other projection. */
    static Set<String> includedTopLevelFields(Document query, Document fieldSelector) {
        if (fieldSelector == null || fieldSelector.isEmpty()) {
            return null;
        }
        Set<String> fields = new HashSet<>();
        fields.add("_id");
        for (Map.Entry<String, Object> field : fieldSelector.entrySet()) {
            boolean included = field.getValue() instanceof Boolean flag
                    ? flag
                    : field.getValue() instanceof Number number && number.doubleValue() != 0;
            if (!included || field.getKey().startsWith("$") || field.getKey().contains("$")) {
                return null;
            }
            fields.add(field.getKey().split("\\.", 2)[0]);
        }
        for (String key : query.keySet()) {
            if (key.startsWith("$")) {
                return null;
            }
            fields.add(key.split("\\.", 2)[0]);
        }
        return fields;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        dataMap.put(Missing.ofNullable(position), StoredDocument.encode(newDocument));
    }
}
