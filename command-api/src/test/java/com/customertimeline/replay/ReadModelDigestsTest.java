package com.customertimeline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadModelDigestsTest {

    private MongoServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    private MongoCollection<Document> collection(String name) {
        return client.getDatabase("test").getCollection(name);
    }

    private static Document summary(String id, int count) {
        return new Document("_id", id)
                .append("lastSequence", 7L)
                .append("card", new Document("name", "Ada").append("company", "Acme"))
                .append("interactionCount", count)
                .append("at", new Date(1_700_000_000_000L))
                .append("complaints", List.of(new Document("complaintId", "c1").append("resolvedAt", null)));
    }

    /** The same documents written in another order and with their fields in another order. */
    private static Document reordered(String id, int count) {
        return new Document("complaints", List.of(new Document("resolvedAt", null).append("complaintId", "c1")))
                .append("at", new Date(1_700_000_000_000L))
                .append("interactionCount", count)
                .append("card", new Document("company", "Acme").append("name", "Ada"))
                .append("lastSequence", 7L)
                .append("_id", id);
    }

    @Test
    void theSameDocumentsGiveTheSameDigestWhateverTheOrderTheyWereWrittenInOrTheirFieldsAre() {
        MongoCollection<Document> first = collection("first");
        first.insertMany(List.of(summary("a", 1), summary("b", 2), summary("c", 3)));
        MongoCollection<Document> second = collection("second");
        second.insertMany(List.of(reordered("c", 3), reordered("a", 1), reordered("b", 2)));

        ReadModelDigests.CollectionDigest one = ReadModelDigests.digest(first);
        ReadModelDigests.CollectionDigest other = ReadModelDigests.digest(second);

        assertThat(one.documents()).isEqualTo(3);
        assertThat(other.documents()).isEqualTo(3);
        assertThat(one.sha256()).hasSize(64).isEqualTo(other.sha256());
    }

    @Test
    void oneChangedValueMissingDocumentOrChangedTypeChangesTheDigest() {
        MongoCollection<Document> original = collection("original");
        original.insertMany(List.of(summary("a", 1), summary("b", 2)));
        String digest = ReadModelDigests.digest(original).sha256();

        MongoCollection<Document> changed = collection("changed");
        changed.insertMany(List.of(summary("a", 1), summary("b", 3)));
        MongoCollection<Document> missing = collection("missing");
        missing.insertMany(List.of(summary("a", 1)));
        MongoCollection<Document> widened = collection("widened");
        widened.insertMany(List.of(summary("a", 1), summary("b", 2).append("interactionCount", 2L)));
        MongoCollection<Document> nested = collection("nested");
        nested.insertMany(List.of(
                summary("a", 1),
                summary("b", 2).append("card", new Document("name", "Ada").append("company", "Acne"))));

        assertThat(ReadModelDigests.digest(changed).sha256()).isNotEqualTo(digest);
        assertThat(ReadModelDigests.digest(missing).sha256()).isNotEqualTo(digest);
        assertThat(ReadModelDigests.digest(widened).sha256()).isNotEqualTo(digest);
        assertThat(ReadModelDigests.digest(nested).sha256()).isNotEqualTo(digest);
        assertThat(ReadModelDigests.digest(collection("empty")))
                .isEqualTo(new ReadModelDigests.CollectionDigest(
                        "empty", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    @Test
    void aCollectionLargerThanOnePageIsReadWholeAndAKeyThatIsNotAStringIsRefused() {
        MongoCollection<Document> large = collection("large");
        List<Document> documents = new java.util.ArrayList<>();
        for (int i = 0; i < 2_345; i++) {
            documents.add(summary("c-" + i, i));
        }
        large.insertMany(documents);
        MongoCollection<Document> shuffled = collection("shuffled");
        java.util.Collections.shuffle(documents, new java.util.Random(7));
        shuffled.insertMany(documents.stream()
                .map(d -> reordered(d.getString("_id"), d.getInteger("interactionCount")))
                .toList());

        assertThat(ReadModelDigests.digest(large).documents()).isEqualTo(2_345);
        assertThat(ReadModelDigests.digest(large))
                .isEqualTo(new ReadModelDigests.CollectionDigest(
                        "large", 2_345, ReadModelDigests.digest(shuffled).sha256()));

        MongoCollection<Document> mixed = collection("mixed");
        mixed.insertMany(List.of(summary("a", 1), new Document("_id", 42L).append("x", 1)));
        assertThatThrownBy(() -> ReadModelDigests.digest(mixed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("string keys");
    }

    @Test
    void theCanonicalFormSortsFieldsAtEveryLevelAndKeepsListOrder() {
        Document document = new Document("b", List.of(new Document("y", 1).append("x", 2), 3)).append("a", 1L);

        assertThat(ReadModelDigests.canonical(document))
                .isEqualTo("{\"a\": {\"$numberLong\": \"1\"}, \"b\": [{\"x\": {\"$numberInt\": \"2\"},"
                        + " \"y\": {\"$numberInt\": \"1\"}}, {\"$numberInt\": \"3\"}]}");
    }
}
