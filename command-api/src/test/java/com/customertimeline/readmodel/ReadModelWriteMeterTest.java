package com.customertimeline.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.readmodel.embedded.IndexedH2Backend;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import de.bwaldvogel.mongo.MongoServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ReadModelWriteMeterTest {

    @Test
    void countsEveryDocumentABulkWriteNamesPerCollectionAndCommandAndNothingForReads() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MongoServer server = new MongoServer(IndexedH2Backend.inMemory());
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(new ReadModelWriteMeter(registry))
                .build())) {
            MongoCollection<Document> entries = client.getDatabase("t").getCollection("entries");
            MongoCollection<Document> heads = client.getDatabase("t").getCollection("heads");
            entries.bulkWrite(List.of(
                    new InsertOneModel<>(new Document("_id", "a")),
                    new InsertOneModel<>(new Document("_id", "b")),
                    new InsertOneModel<>(new Document("_id", "c"))));
            entries.bulkWrite(List.of(
                    new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("_id", "a").append("v", 1)),
                    new ReplaceOneModel<>(Filters.eq("_id", "zz"), new Document("_id", "zz").append("v", 1)),
                    new DeleteOneModel<>(Filters.eq("_id", "b"))));
            heads.insertOne(new Document("_id", "h"));
            entries.find().into(new ArrayList<>());

            assertThat(written(registry, "entries", "insert")).isEqualTo(3);
            assertThat(written(registry, "entries", "update")).isEqualTo(2);
            assertThat(written(registry, "entries", "delete")).isEqualTo(1);
            assertThat(written(registry, "heads", "insert")).isEqualTo(1);
            assertThat(registry.find(ReadModelWriteMeter.DOCUMENTS_WRITTEN)
                            .tag("command", "find")
                            .counters())
                    .isEmpty();
        } finally {
            server.shutdown();
        }
    }

    private static double written(SimpleMeterRegistry registry, String collection, String command) {
        Counter counter = registry.find(ReadModelWriteMeter.DOCUMENTS_WRITTEN)
                .tag("collection", collection)
                .tag("command", command)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
