package com.customertimeline.projections.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.testsupport.TestMongo;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadModelIndexesTest {

    @Test
    void the_projections_create_their_indexes_when_they_start_and_again_without_harm() {
        try (TestMongo mongo = new TestMongo()) {
            for (int start = 0; start < 2; start++) {
                new TimelineProjection(mongo.database());
                new CustomerSummaryProjection(mongo.database());
                new RepPortfolioProjection(mongo.database());
            }

            assertThat(indexNames(mongo, TimelineProjection.ENTRIES))
                    .contains("customer_business_time", "customer_kind_time", "customer_rep_time");
            assertThat(indexNames(mongo, CustomerSummaryProjection.COLLECTION))
                    .contains("owner_name", "search_terms", "stage_activity", "name_sort");
            assertThat(indexNames(mongo, RepPortfolioProjection.CUSTOMERS)).contains("owner_name");
        }
    }

    @Test
    void the_index_earlier_versions_kept_for_the_optimistic_replace_is_dropped_when_they_start() {
        try (TestMongo mongo = new TestMongo()) {
            for (String collection : List.of(
                    TimelineProjection.CUSTOMERS,
                    CustomerSummaryProjection.COLLECTION,
                    RepPortfolioProjection.CUSTOMERS,
                    RepPortfolioProjection.REPS)) {
                mongo.database()
                        .getCollection(collection)
                        .createIndex(
                                Indexes.compoundIndex(Indexes.ascending("_id"), Indexes.ascending("lastSequence")),
                                new IndexOptions().name("id_last_sequence").unique(true));
            }

            new TimelineProjection(mongo.database());
            new CustomerSummaryProjection(mongo.database());
            new RepPortfolioProjection(mongo.database());

            assertThat(indexNames(mongo, TimelineProjection.CUSTOMERS)).doesNotContain("id_last_sequence");
            assertThat(indexNames(mongo, CustomerSummaryProjection.COLLECTION))
                    .doesNotContain("id_last_sequence")
                    .contains("owner_name");
            assertThat(indexNames(mongo, RepPortfolioProjection.CUSTOMERS)).doesNotContain("id_last_sequence");
            assertThat(indexNames(mongo, RepPortfolioProjection.REPS))
                    .doesNotContain("id_last_sequence")
                    .contains("_id_");
        }
    }

    private static List<String> indexNames(TestMongo mongo, String collection) {
        List<String> names = new ArrayList<>();
        for (Document index : mongo.database().getCollection(collection).listIndexes()) {
            names.add(index.getString("name"));
        }
        return names;
    }
}
