package com.customertimeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.axonframework.common.caching.Cache;
import org.ehcache.CacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class AggregateCacheTest {

    private final AxonConfig config = new AxonConfig();
    private final CacheManager manager = config.aggregateCacheManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void cachedAggregatesSurviveGarbageCollectionUpToTheConfiguredNumber() {
        Cache customers = config.customerCache(manager, properties("timeline.aggregate-cache.customers", "100"));
        IntStream.range(0, 100).forEach(i -> customers.put("c-" + i, new byte[1_000]));

        System.gc();
        System.gc();

        assertThat(IntStream.range(0, 100).filter(i -> customers.containsKey("c-" + i)))
                .as("a weakly held cache would lose unreferenced entries here")
                .hasSize(100);
    }

    @Test
    void theLeastRecentlyUsedAggregatesAreDroppedBeyondTheBound() throws InterruptedException {
        Cache reps = config.repCache(manager, properties("timeline.aggregate-cache.reps", "10"));
        for (int i = 0; i < 50; i++) {
            reps.put("rep-" + i, "state " + i);
            // Ehcache orders entries by last access in milliseconds; entries written within the same
            // millisecond tie, and any of them, the newest included, may then be the one evicted.
            Thread.sleep(2);
        }

        assertThat(IntStream.range(0, 50)
                        .filter(i -> reps.containsKey("rep-" + i))
                        .count())
                .isBetween(1L, 10L);
        assertThat((Object) reps.get("rep-49")).as("the entry just written").isEqualTo("state 49");
    }

    @Test
    void defaultsKeepEveryCustomerOfTheFullSizeBenchmarkLoaded() {
        TimelineProperties defaults = properties("timeline.data-dir", "./data");
        assertThat(defaults.aggregateCache().customers()).isGreaterThanOrEqualTo(10_000);
    }

    private static TimelineProperties properties(String name, String value) {
        return new Binder(new MapConfigurationPropertySource(java.util.Map.of(name, value)))
                .bindOrCreate("timeline", Bindable.of(TimelineProperties.class));
    }
}
