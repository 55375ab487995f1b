package com.customertimeline.projections.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.testsupport.TestMongo;
import com.customertimeline.projections.timeline.TimelineProjection;
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

    private static List<String> indexNames(TestMongo mongo, String collection) {
        List<String> names = new ArrayList<>();
        for (Document index : mongo.database().getCollection(collection).listIndexes()) {
            names.add(index.getString("name"));
        }
        return names;
    }
}
