package com.customertimeline.projections.summary;

import com.customertimeline.domain.model.LifecycleStage;
import java.time.Instant;
import java.util.List;

/** One page of customer search results, ordered by name; {@code total} counts all matches. */
public record CustomerSearchPage(List<Hit> items, int page, int size, long total, boolean hasMore) {

    /** A customer found by search. */
    public record Hit(
            String customerId,
            String name,
            String company,
            String ownerRepId,
            LifecycleStage stage,
            Instant lastContactAt,
            long version) {}
}
