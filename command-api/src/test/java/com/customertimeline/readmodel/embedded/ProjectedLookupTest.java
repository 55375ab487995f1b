package com.customertimeline.readmodel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lookup by {@code _id} with an inclusion projection reads only the named fields out of the stored
 * bytes, stepping over the others; it must answer exactly what the library's backend answers.
 */
class ProjectedLookupTest {

    private final WireServers servers = new WireServers();

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void aProjectedLookupAnswersWhatTheLibraryAnswersWhateverTheTypesItStepsOver() {
        MongoCollection<Document> partial = servers.collection(IndexedH2Backend.inMemory(), "summaries");
        MongoCollection<Document> whole = servers.collection(new H2Backend(new MVStore.Builder().open()), "summaries");
        List<Document> complaints = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            complaints.add(new Document("complaintId", "c-" + i)
                    .append("filedAt", new Date(1_700_000_000_000L + i))
                    .append("responses", List.of(new Document("message", "ответ 答复 " + i))));
        }
        Document summary = new Document("_id", "cust-1")
                .append("double", 1.5)
                .append("complaints", complaints)
                .append("binary", new Binary(new byte[] {1, 2, 3}))
                .append("objectId", new ObjectId("65f000000000000000000001"))
                .append("flag", true)
                .append("nothing", null)
                .append("int", 7)
                .append("long", 8L)
                .append("decimal", Decimal128.parse("12.50"))
                .append("card", new Document("name", "Анна 王").append("company", "ACME"))
                .append("ownerRepId", "rep-7")
                .append("lastSequence", 41L);
        partial.insertOne(summary);
        whole.insertOne(new Document(summary));

        for (Bson projection : List.of(
                Projections.include("ownerRepId"),
                Projections.include("card.name", "lastSequence"),
                Projections.include("binary", "decimal", "nothing"),
                Projections.fields(Projections.include("ownerRepId"), Projections.excludeId()),
                Projections.exclude("complaints"),
                Projections.include("absent"))) {
            for (Bson query : List.of(
                    Filters.eq("_id", "cust-1"),
                    new Document("_id", "cust-1").append("lastSequence", 41L),
                    new Document("_id", "cust-1").append("lastSequence", 40L),
                    Filters.eq("_id", "nobody"))) {
                assertThat(partial.find(query).projection(projection).into(new ArrayList<>()))
                        .as("%s projected by %s", query, projection)
                        .isEqualTo(whole.find(query).projection(projection).into(new ArrayList<>()));
            }
        }
        assertThat(partial.find(Filters.eq("_id", "cust-1")).first()).isEqualTo(summary);
    }

    @Test
    void onlyAnInclusionProjectionNarrowsWhatIsDecoded() {
        de.bwaldvogel.mongo.bson.Document query = new de.bwaldvogel.mongo.bson.Document("_id", "c");
        assertThat(StoredDocumentCollection.includedTopLevelFields(
                        query, new de.bwaldvogel.mongo.bson.Document("card.name", 1)))
                .containsExactlyInAnyOrder("_id", "card");
        assertThat(StoredDocumentCollection.includedTopLevelFields(
                        query, new de.bwaldvogel.mongo.bson.Document("owner", true)))
                .containsExactlyInAnyOrder("_id", "owner");
        assertThat(StoredDocumentCollection.includedTopLevelFields(
                        query, new de.bwaldvogel.mongo.bson.Document("complaints", 0)))
                .isNull();
        assertThat(StoredDocumentCollection.includedTopLevelFields(
                        query,
                        new de.bwaldvogel.mongo.bson.Document(
                                "complaints", new de.bwaldvogel.mongo.bson.Document("$slice", 2))))
                .isNull();
        assertThat(StoredDocumentCollection.includedTopLevelFields(query, new de.bwaldvogel.mongo.bson.Document()))
                .isNull();
    }
}
