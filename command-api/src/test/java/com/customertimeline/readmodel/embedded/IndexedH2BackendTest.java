package com.customertimeline.readmodel.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexedH2BackendTest {

    private static final int DOCUMENTS = 3_000;

    @TempDir
    Path dir;

    @Test
    void findsEveryDocumentThroughItsIndexesAfterTheFileIsReopened() {
        Path file = dir.resolve("projections.mv");
        List<Object> ids = mixedIds();
        withCollection(IndexedH2Backend.open(file, 16), collection -> {
            collection.createIndex(
                    Indexes.compoundIndex(Indexes.ascending("_id"), Indexes.ascending("lastSequence")),
                    new IndexOptions().name("id_last_sequence").unique(true));
            collection.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            collection.createIndex(Indexes.ascending("account"), new IndexOptions().unique(true));
            List<WriteModel<Document>> inserts = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                inserts.add(new InsertOneModel<>(new Document("_id", ids.get(i))
                        .append("lastSequence", (long) i)
                        .append("email", "c" + i + "@example.com")
                        .append("account", account(i))));
            }
            collection.bulkWrite(inserts);
        });

        withCollection(IndexedH2Backend.open(file, 16), collection -> {
            for (int i = 0; i < ids.size(); i++) {
                Object id = ids.get(i);
                assertThat(collection.find(Filters.eq("_id", id)).first())
                        .as("by _id %s", id)
                        .isNotNull()
                        .extracting(d -> d.get("email"))
                        .isEqualTo("c" + i + "@example.com");
                assertThat(collection
                                .find(new Document("_id", id).append("lastSequence", (long) i))
                                .first())
                        .as("by {_id, lastSequence} %s", id)
                        .isNotNull();
                assertThat(collection
                                .find(new Document("_id", id).append("lastSequence", (long) i + 1))
                                .first())
                        .as("stale lastSequence of %s", id)
                        .isNull();
                assertThat(collection
                                .find(Filters.eq("email", "c" + i + "@example.com"))
                                .first())
                        .as("by email %s", i)
                        .isNotNull()
                        .extracting(d -> d.get("_id"))
                        .isEqualTo(id);
            }
            assertThat(collection.countDocuments()).isEqualTo(ids.size());
        });
    }

    @Test
    void documentsComeBackFromTheFileWithEveryValueAndTypeTheyWereWrittenWith() {
        Path file = dir.resolve("projections.mv");
        Document original = new Document("_id", "c-1")
                .append("lastSequence", 41L)
                .append("count", 7)
                .append("average", 3.25)
                .append("spend", new org.bson.types.Decimal128(new java.math.BigDecimal("1234.56")))
                .append("at", new java.util.Date(1_700_000_000_123L))
                .append("flag", true)
                .append("nothing", null)
                .append("name", "Zoë Müller — 東京")
                .append("objectId", new org.bson.types.ObjectId("65a1b2c3d4e5f60718293a4b"))
                .append("bytes", new org.bson.types.Binary(new byte[] {1, 2, 3}))
                .append("nested", new Document("channel", "PHONE").append("list", List.of(1L, "two", 3.0)))
                .append(
                        "head",
                        java.util.stream.IntStream.range(0, 200)
                                .mapToObj(i -> new Document("sequence", (long) i).append("text", "x".repeat(i)))
                                .toList());
        withCollection(IndexedH2Backend.open(file, 16), collection -> {
            collection.insertOne(original);
            collection.replaceOne(Filters.eq("_id", "c-1"), original.append("lastSequence", 42L));
        });

        withCollection(IndexedH2Backend.open(file, 16), collection -> assertThat(
                        collection.find(Filters.eq("_id", "c-1")).first())
                .isEqualTo(original));
    }

    @Test
    void conditionalReplaceMatchesOnlyTheStoredSequenceWithoutAnIndexOfItsOwn() {
        withCollection(IndexedH2Backend.inMemory(), collection -> {
            collection.insertOne(new Document("_id", "c-1").append("lastSequence", 4L));
            collection.insertOne(new Document("_id", "c-2").append("lastSequence", 4L));

            var stale = collection.replaceOne(
                    new Document("_id", "c-1").append("lastSequence", 3L),
                    new Document("_id", "c-1").append("lastSequence", 9L));
            var current = collection.replaceOne(
                    new Document("_id", "c-1").append("lastSequence", 4L),
                    new Document("_id", "c-1").append("lastSequence", 5L));

            assertThat(stale.getMatchedCount()).isZero();
            assertThat(current.getMatchedCount()).isOne();
            assertThat(collection.find(Filters.eq("_id", "c-1")).first()).containsEntry("lastSequence", 5L);
            assertThat(collection.find(Filters.eq("_id", "c-2")).first()).containsEntry("lastSequence", 4L);
            assertThat(collection
                            .find(new Document("_id", "c-1").append("lastSequence", new Document("$gte", 5L)))
                            .into(new ArrayList<>()))
                    .extracting(d -> d.get("_id"))
                    .containsExactly("c-1");
            assertThat(collection
                            .find(new Document("_id", "c-9").append("lastSequence", 4L))
                            .first())
                    .isNull();
        });
    }

    @Test
    void rejectsDuplicateKeysAsTheLibraryBackendDoes() {
        withCollection(IndexedH2Backend.inMemory(), collection -> {
            collection.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            collection.insertOne(new Document("_id", "a").append("email", "x@example.com"));

            assertThatThrownBy(() -> collection.insertOne(new Document("_id", "a")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> collection.insertOne(new Document("_id", "b").append("email", "x@example.com")))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            assertThatThrownBy(() -> collection.bulkWrite(List.of(
                            new InsertOneModel<>(new Document("_id", 1L)),
                            new InsertOneModel<>(new Document("_id", 1.0)))))
                    .as("1 and 1.0 are the same key in MongoDB")
                    .isInstanceOf(MongoBulkWriteException.class);
            assertThat(collection.countDocuments()).isEqualTo(2);
        });
    }

    @Test
    void everyMapTheLibraryUsesHasTheStoresTypesWhenCreatedAndWhenReopened() {
        Path file = dir.resolve("projections.mv");
        IndexedH2Backend created = IndexedH2Backend.open(file, 16);
        withCollection(created, collection -> {
            collection.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            collection.insertOne(new Document("_id", "a").append("email", "x@example.com"));
            assertMapsUseTheStoresTypes(created.getMvStore());
            // written to the file now, not whenever the store's background commit comes round (under
            // load it had not, and the reopened store lacked the row)
            created.getMvStore().commit();
        });
        IndexedH2Backend reopened = IndexedH2Backend.open(file, 16);
        withCollection(reopened, collection -> {
            assertThat(collection.find(Filters.eq("email", "x@example.com")).first())
                    .isNotNull();
            assertMapsUseTheStoresTypes(reopened.getMvStore());
            assertThat(reopened.getMvStore()
                            .<String, String>openMap(IndexedH2Backend.FORMAT_MAP)
                            .get(IndexedH2Backend.FORMAT_KEY))
                    .isEqualTo(IndexedH2Backend.CURRENT_FORMAT);
        });
    }

    /** The maps the library's indexes are built on (openMap returns the instance already open). */
    private static void assertMapsUseTheStoresTypes(MVStore store) {
        List<String> indexMaps = store.getMapNames().stream()
                .filter(IndexedH2Database::isIndexMap)
                .toList();
        assertThat(indexMaps).containsExactlyInAnyOrder("test.people._index__id_", "test.people._index_email_1");
        for (String name : indexMaps) {
            assertThat(store.openMap(name).getKeyType()).as(name).isInstanceOf(IndexKeyType.class);
        }
        List<String> dataMaps = store.getMapNames().stream()
                .filter(IndexedH2Database::isDataMap)
                .toList();
        assertThat(dataMaps)
                .contains("databases.test.people", "databases.test.system.namespaces")
                .allMatch(name -> name.startsWith("databases.test."));
        for (String name : dataMaps) {
            assertThat(store.openMap(name).getValueType()).as(name).isInstanceOf(StoredDocumentType.class);
        }
    }

    @Test
    void refusesAFileWrittenByTheLibraryBackendWithAnExplanation() {
        Path file = dir.resolve("projections.mv");
        withCollection(new H2Backend(file.toString()), collection -> collection.insertOne(new Document("_id", "a")));

        assertThatThrownBy(() -> IndexedH2Backend.open(file, 16))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unmarked")
                .hasMessageContaining("delete the file")
                .hasMessageContaining("replay");
    }

    private static Document account(int i) {
        return new Document("tenant", "t" + (i % 7)).append("n", i);
    }

    /** Strings, longs and doubles as ids, in random order, all distinct as MongoDB keys. */
    private static List<Object> mixedIds() {
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            ids.add(
                    switch (i % 3) {
                        case 0 -> "c-" + i;
                        case 1 -> (long) i * 1_000_003L;
                        default -> i + 0.5;
                    });
        }
        java.util.Collections.shuffle(ids, new Random(7));
        return ids;
    }

    /**
     * The read side keeps its tokens in this store next to the documents (ADR 0007), and writes a batch's
     * token after the batch's documents. MVStore writes to its file in the background; this checks that a
     * process that dies between two of those writes leaves a file in which no token is ahead of a
     * document written before it.
     */
    @Test
    void afterACrashNoTokenIsAheadOfTheDocumentsWrittenBeforeIt() {
        Path file = dir.resolve("crash.mv");
        IndexedH2Backend backend = IndexedH2Backend.open(file, 16);
        MongoServer server = new MongoServer(backend);
        int customers = 50;
        long written = 0;
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> summaries = client.getDatabase("test").getCollection("summaries");
            MongoCollection<Document> tokens = client.getDatabase("test").getCollection("tracking_tokens");
            // long enough for at least two of MVStore's background writes (one a second)
            long until = System.nanoTime() + 2_500_000_000L;
            while (System.nanoTime() < until) {
                written++;
                String id = "c-" + (written % customers);
                summaries.replaceOne(
                        Filters.eq("_id", id),
                        new Document("_id", id).append("lastSequence", written),
                        new ReplaceOptions().upsert(true));
                tokens.replaceOne(
                        Filters.eq("_id", "timeline-0"),
                        new Document("_id", "timeline-0").append("position", written),
                        new ReplaceOptions().upsert(true));
            }
            backend.getMvStore().closeImmediately(); // the process dies: nothing more reaches the file
        } finally {
            server.shutdownNow();
        }

        IndexedH2Backend reopened = IndexedH2Backend.open(file, 16);
        MongoServer again = new MongoServer(reopened);
        try (MongoClient client = MongoClients.create(again.bindAndGetConnectionString())) {
            Document token = client.getDatabase("test")
                    .getCollection("tracking_tokens")
                    .find(Filters.eq("_id", "timeline-0"))
                    .first();
            assertThat(token).as("a background write happened before the crash").isNotNull();
            long position = token.getLong("position");
            assertThat(position).isPositive().isLessThanOrEqualTo(written);
            MongoCollection<Document> summaries = client.getDatabase("test").getCollection("summaries");
            for (long step = Math.max(1, position - customers + 1); step <= position; step++) {
                Document summary = summaries
                        .find(Filters.eq("_id", "c-" + (step % customers)))
                        .first();
                assertThat(summary).as("document of step %d", step).isNotNull();
                assertThat(summary.getLong("lastSequence"))
                        .as("document of step %d, token at %d", step, position)
                        .isGreaterThanOrEqualTo(step);
            }
        } finally {
            again.shutdown();
        }
    }

    /**
     * A version written while a command runs could hold part of it, outside the lock that keeps tokens
     * behind their documents. MVStore does that on its own once its write buffer fills; with 40 MB
     * written between two commits, only the committer may have written a version.
     */
    @Test
    void onlyTheCommitterWritesVersionsHoweverMuchIsWrittenBetweenCommits() {
        MVStore store =
                IndexedH2Backend.storeBuilder(dir.resolve("buffer.mv"), 16).open();
        long versionAtStart = store.getCurrentVersion();
        withCollection(new IndexedH2Backend(store, TimeUnit.DAYS.toMillis(1)), collection -> {
            String padding = "x".repeat(4_000);
            for (int batch = 0; batch < 100; batch++) {
                List<WriteModel<Document>> writes = new ArrayList<>();
                for (int document = 0; document < 100; document++) {
                    writes.add(new InsertOneModel<>(
                            new Document("_id", "entry-" + batch + "-" + document).append("pad", padding)));
                }
                collection.bulkWrite(writes);
            }
            assertThat(store.getCurrentVersion())
                    .as("versions written while 40 MB of documents were inserted")
                    .isEqualTo(versionAtStart);
            assertThat(store.hasUnsavedChanges()).isTrue();
        });
    }

    /**
     * Timeline entries are written once; progress documents are rewritten with every event. Without
     * compaction nearly every chunk keeps a live page of entries and the file grows by every version.
     */
    @Test
    void theFileStaysCompactWhenWrittenOnceDocumentsShareChunksWithRewrittenOnes() {
        long compacted = fileSizeAfterMixedWrites(dir.resolve("compacted.mv"), true);
        long uncompacted = fileSizeAfterMixedWrites(dir.resolve("uncompacted.mv"), false);

        assertThat(compacted)
                .as("compacted %,d bytes, uncompacted %,d bytes", compacted, uncompacted)
                .isLessThan(uncompacted / 2);
    }

    /**
     * The full-size benchmark's file reached 34 GB with 1 % of it live: every old chunk kept a few pages
     * written once and never again (quiet customers' timeline leaves). MVStore rewrites only chunks
     * whose fill rate is at most the average, both as whole percentages, and a chunk's rate is rounded
     * up while the average is rounded down: with every chunk between 1 % and 2 % live, none qualified,
     * and the file grew by every version. Here each version writes 60 KB that the next one replaces and
     * one 1 KB page that nothing replaces again.
     */
    @Test
    void theFileStaysCompactWhenEveryOldChunkHoldsAboutOnePercentOfLiveData() {
        Path file = dir.resolve("sparse.mv");
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        store.setRetentionTime(0); // free emptied chunks at once: a test cannot wait MVStore's 45 s
        try {
            MVMap<Integer, byte[]> hot = store.openMap("hot");
            byte[] page = new byte[1_000];
            int rounds = 1_500;
            for (int round = 0; round < rounds; round++) {
                for (int key = 0; key < 60; key++) {
                    hot.put(key, page.clone());
                }
                store.<Integer, byte[]>openMap("written-once-" + round).put(round, page.clone());
                store.commit();
                IndexedH2Backend.keepFileCompact(store, IndexedH2Backend.REWRITE_BYTES_PER_COMMIT);
            }
            long fileBytes = store.getFileStore().size();
            assertThat(fileBytes)
                    .as("file of %,d bytes after %,d versions of about 62 KB", fileBytes, rounds)
                    .isLessThan(rounds * 62_000L / 5);
            assertThat(store.<Integer, byte[]>openMap("written-once-0").get(0)).hasSize(1_000);
        } finally {
            store.close();
        }
    }

    /** One version per bulk write, each followed by housekeeping as the committer does, or not. */
    private static long fileSizeAfterMixedWrites(Path file, boolean compact) {
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .open();
        store.setRetentionTime(0); // free emptied chunks at once: a test cannot wait MVStore's 45 s
        long never = TimeUnit.DAYS.toMillis(1);
        withCollection(new IndexedH2Backend(store, never), collection -> {
            String padding = "x".repeat(400);
            long written = 0;
            for (int round = 0; round < 1000; round++) {
                List<WriteModel<Document>> writes = new ArrayList<>();
                for (int hot = 0; hot < 50; hot++) {
                    writes.add(new ReplaceOneModel<>(
                            Filters.eq("_id", "progress-" + hot),
                            new Document("_id", "progress-" + hot)
                                    .append("round", round)
                                    .append("pad", padding),
                            new ReplaceOptions().upsert(true)));
                }
                for (int entry = 0; entry < 20; entry++) {
                    writes.add(new InsertOneModel<>(new Document("_id", "entry-" + written++).append("pad", padding)));
                }
                collection.bulkWrite(writes);
                store.commit();
                if (compact) {
                    IndexedH2Backend.keepFileCompact(store, IndexedH2Backend.REWRITE_BYTES_PER_COMMIT);
                }
            }
            assertThat(collection.countDocuments()).isEqualTo(50 + written);
        });
        return file.toFile().length();
    }

    private static void withCollection(MongoBackend backend, Consumer<MongoCollection<Document>> work) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            work.accept(client.getDatabase("test").getCollection("people"));
        } finally {
            server.shutdown();
        }
    }
}
