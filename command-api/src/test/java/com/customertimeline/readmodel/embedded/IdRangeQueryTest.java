package com.customertimeline.readmodel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queries that bound {@code _id} are answered by walking that range of the sorted document map; they must
 * answer exactly what the library's own backend answers by reading the whole collection.
 */
class IdRangeQueryTest {

    private final WireServers servers = new WireServers();
    private MongoCollection<Document> walked;
    private MongoCollection<Document> scanned;

    @BeforeEach
    void twoStoresWithTheSameDocuments() {
        walked = servers.collection(IndexedH2Backend.inMemory(), "entries");
        scanned = servers.collection(new H2Backend(new MVStore.Builder().open()), "entries");
        Random random = new Random(11);
        List<Document> documents = new ArrayList<>();
        for (String customer : List.of("c1", "c1.a", "c1:b", "c10", "d")) {
            for (int sequence = 0; sequence < 120; sequence++) {
                documents.add(new Document("_id", key(customer, random.nextInt(40), sequence))
                        .append("customerId", customer)
                        .append("sequence", (long) sequence)
                        .append("kind", sequence % 3 == 0 ? "COMPLAINT" : "INTERACTION"));
            }
        }
        documents.add(new Document("_id", 42L).append("kind", "COMPLAINT"));
        documents.add(new Document("_id", 4.5).append("kind", "INTERACTION"));
        java.util.Collections.shuffle(documents, random);
        walked.insertMany(documents);
        scanned.insertMany(documents);
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void aBoundedRangeReadInEitherOrderAnswersWhatAScanOfTheCollectionAnswers() {
        Random random = new Random(3);
        for (int round = 0; round < 300; round++) {
            String customer = List.of("c1", "c1.a", "c1:b", "c10", "d", "zz").get(random.nextInt(6));
            List<Bson> filters = new ArrayList<>();
            filters.add(Filters.gte("_id", customer + "/"));
            filters.add(Filters.lt("_id", customer + "0"));
            if (random.nextBoolean()) {
                String cursor = key(customer, random.nextInt(40), random.nextInt(120));
                filters.add(random.nextBoolean() ? Filters.lt("_id", cursor) : Filters.gt("_id", cursor));
            }
            if (random.nextInt(4) == 0) {
                filters.add(Filters.lte("_id", key(customer, random.nextInt(40), random.nextInt(120))));
            }
            if (random.nextInt(3) == 0) {
                filters.add(Filters.eq("kind", "COMPLAINT"));
            }
            Bson sort =
                    switch (random.nextInt(3)) {
                        case 0 -> Sorts.descending("_id");
                        case 1 -> Sorts.ascending("_id");
                        default -> Sorts.descending("sequence");
                    };
            int limit = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(60);
            Bson query = Filters.and(filters);

            assertThat(ids(walked, query, sort, limit))
                    .as("round %d: %s sorted %s limit %d", round, query, sort, limit)
                    .isEqualTo(ids(scanned, query, sort, limit));
        }
    }

    @Test
    void boundsAtTheTopLevelAndOnlyOneSideAreRangesToo() {
        for (Bson query : List.of(
                new Document("_id", new Document("$gt", "c1.a/").append("$lte", "c1:b0")),
                new Document("_id", new Document("$lt", "c1.a0")),
                new Document("_id", new Document("$gte", "d/")),
                Filters.and(Filters.gt("_id", "c"), Filters.gt("_id", "c1/"), Filters.lt("_id", "c1:")),
                Filters.and(Filters.lt("_id", "d0"), Filters.lte("_id", "d0"), Filters.gte("_id", "d/")))) {
            for (Bson sort : List.of(Sorts.ascending("_id"), Sorts.descending("_id"))) {
                List<Object> expected = ids(scanned, query, sort, 0);
                assertThat(expected)
                        .as("the query matches something: %s", query)
                        .isNotEmpty();
                assertThat(ids(walked, query, sort, 0)).as("%s %s", query, sort).isEqualTo(expected);
                assertThat(ids(walked, query, sort, 7)).isEqualTo(expected.subList(0, Math.min(7, expected.size())));
            }
        }
    }

    private static List<Object> ids(MongoCollection<Document> collection, Bson query, Bson sort, int limit) {
        List<Object> ids = new ArrayList<>();
        for (Document document : collection.find(query).sort(sort).limit(limit)) {
            ids.add(document.get("_id"));
        }
        return ids;
    }

    private static String key(String customer, int time, int sequence) {
        return customer + "/" + String.format(Locale.ROOT, "%016x/%012d", time, sequence);
    }
}
