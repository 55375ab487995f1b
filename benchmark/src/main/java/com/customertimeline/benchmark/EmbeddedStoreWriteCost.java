package com.customertimeline.benchmark;

import com.customertimeline.readmodel.embedded.IndexedH2Backend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What one projection write costs on the embedded MongoDB-wire server (in memory), by filter shape, with
 * and without the {@code {_id, lastSequence}} index the projections create, on the library's H2 backend
 * and on the service's {@link IndexedH2Backend} (index keys compared by value). Each
 * shape is warmed up, then timed over fresh documents. Explains the read side's limits in
 * docs/benchmarks.md; run with {@code benchmark/write-cost.sh}.
 */
public final class EmbeddedStoreWriteCost {

    private static final int DOCUMENTS = 20_000;
    private static final int WARM_UP = 500;
    private static final int MEASURED = 1_000;

    public static void main(String[] args) {
        for (boolean ownBackend : new boolean[] {false, true}) {
            for (boolean indexed : new boolean[] {false, true}) {
                measure(ownBackend, indexed);
            }
        }
    }

    private static void measure(boolean ownBackend, boolean indexed) {
        {
            MongoServer server = new MongoServer(ownBackend ? IndexedH2Backend.inMemory() : H2Backend.inMemory());
            try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
                MongoCollection<Document> collection =
                        client.getDatabase("bench").getCollection("summaries");
                if (indexed) {
                    collection.createIndex(
                            Indexes.compoundIndex(Indexes.ascending("_id"), Indexes.ascending("lastSequence")),
                            new IndexOptions().name("id_last_sequence").unique(true));
                }
                List<WriteModel<Document>> inserts = new ArrayList<>();
                for (int i = 0; i < DOCUMENTS; i++) {
                    inserts.add(new InsertOneModel<>(new Document("_id", "c-" + i)
                            .append("lastSequence", 5L)
                            .append("pad", "x".repeat(300))));
                }
                collection.bulkWrite(inserts);
                String label = (ownBackend ? "IndexedH2Backend" : "H2Backend")
                        + (indexed ? ", {_id,lastSequence} index" : ", no extra index");
                report(label, "{_id, lastSequence} plain filter", collection, 0, i -> new Document("_id", "c-" + i)
                        .append("lastSequence", 5L));
                report(
                        label,
                        "Filters.and (renders $and)",
                        collection,
                        3_000,
                        i -> Filters.and(Filters.eq("_id", "c-" + i), Filters.eq("lastSequence", 5L)));
                report(label, "{_id} only", collection, 6_000, i -> Filters.eq("_id", "c-" + i));
            } finally {
                server.shutdownNow();
            }
        }
    }

    private static void report(
            String label, String shape, MongoCollection<Document> collection, int offset, IntFunction<Bson> filter) {
        for (int i = offset; i < offset + WARM_UP; i++) {
            collection.replaceOne(filter.apply(i), replacement(i));
        }
        long start = System.nanoTime();
        for (int i = offset + WARM_UP; i < offset + WARM_UP + MEASURED; i++) {
            collection.replaceOne(filter.apply(i), replacement(i));
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / MEASURED;
        System.out.printf("%-44s %-34s %8.0f µs per replace (%d documents)%n", label, shape, micros, DOCUMENTS);
    }

    private static Document replacement(int i) {
        return new Document("_id", "c-" + i).append("lastSequence", 6L).append("pad", "y".repeat(300));
    }
}
