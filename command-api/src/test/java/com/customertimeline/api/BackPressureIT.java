package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.app.backpressure.ProjectionBackPressure;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.support.EmbeddedPostgresSupport;
import com.customertimeline.support.Http;
import com.customertimeline.support.RunningService;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Commands are held back while the read models are too far behind, and refused with 503 if that lasts
 * longer than a caller is kept waiting. The timeline projection is made slow on purpose: a second
 * handler in its processing group blocks on one customer's interaction until the test releases it.
 */
class BackPressureIT {

    @TempDir
    Path dataDir;

    @Test
    void commandsWaitWhileTheReadModelsAreBehindAndAreRefusedIfTheyStayBehind() throws Exception {
        Map<String, Object> settings = settings(
                "backpressure",
                Map.of("timeline.back-pressure.max-backlog", "3", "timeline.back-pressure.max-wait", "1500ms"));
        try (RunningService service = RunningService.start(settings, StallConfiguration.class)) {
            Http http = service.http();
            TimelineStall stall = service.bean(TimelineStall.class);
            assertThat(http.post("/api/v1/reps", "{\"repId\":\"rep-b\",\"displayName\":\"Bea\"}")
                            .status())
                    .isEqualTo(201);
            for (String customer : List.of("stalled", "busy")) {
                assertThat(http.post(
                                        "/api/v1/customers",
                                        "{\"customerId\":\"%s\",\"ownerRepId\":\"rep-b\",\"card\":{\"name\":\"%s\"}}"
                                                .formatted(customer, customer))
                                .status())
                        .isEqualTo(201);
            }

            awaitLiveProjections(http);
            stall.hold("stalled");
            assertThat(interaction(http, "stalled", "held in the timeline").status())
                    .isEqualTo(201);

            List<String> accepted = new ArrayList<>();
            Http.Response refused = null;
            String refusedSummary = null;
            for (int i = 0; i < 40 && refused == null; i++) {
                String summary = "call " + i;
                Http.Response answer = interaction(http, "busy", summary);
                if (answer.status() == 201) {
                    accepted.add(summary);
                } else {
                    refused = answer;
                    refusedSummary = summary;
                }
            }

            assertThat(refused)
                    .as("a command refused while the timeline is stalled")
                    .isNotNull();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("code").asText()).isEqualTo("read-models-behind");
            assertThat(refused.json().path("backlog").asLong()).isGreaterThan(3);
            // max-backlog, or less once the stalled projection's rate (zero) has been measured
            assertThat(refused.json().path("limit").asLong()).isBetween(0L, 3L);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(accepted).hasSizeLessThanOrEqualTo(10);

            CompletableFuture<Http.Response> waiting =
                    CompletableFuture.supplyAsync(() -> interaction(http, "busy", "after the stall"));
            Thread.sleep(300);
            assertThat(waiting)
                    .as("still held back while the timeline is stalled")
                    .isNotDone();
            stall.release();
            Http.Response admitted = waiting.get(10, TimeUnit.SECONDS);
            assertThat(admitted.status()).isEqualTo(201);

            // nothing of the refused command was written; everything acknowledged was
            long version = admitted.json().path("version").asLong();
            Http.Response timeline =
                    http.get("/api/v1/customers/busy/timeline?limit=200&order=asc&minVersion=" + version);
            assertThat(timeline.status()).isEqualTo(200);
            List<String> headlines = new ArrayList<>();
            for (JsonNode entry : timeline.json().path("entries")) {
                headlines.add(entry.path("headline").asText());
            }
            List<String> expected = new ArrayList<>(accepted);
            expected.add("after the stall");
            assertThat(headlines).hasSize(expected.size() + 1); // + registration
            for (int i = 0; i < expected.size(); i++) {
                assertThat(headlines.get(i + 1)).endsWith(expected.get(i));
            }
            String refusedText = refusedSummary;
            assertThat(headlines).noneMatch(headline -> headline.endsWith(refusedText));
            assertThat(version).isEqualTo(expected.size());

            MeterRegistry meters = service.bean(MeterRegistry.class);
            assertThat(meters.get("timeline.commands.throttled")
                            .tag("outcome", "refused")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(meters.get("timeline.commands.throttled")
                            .tag("outcome", "admitted-after-wait")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * The limit follows from how fast the slowest projection works: with the timeline taking about 40
     * events/s and a max-lag of 250 ms, commands wait once it is about 10 events behind, far under the
     * max-backlog of 1,000 events that would mean 25 s of lag.
     */
    @Test
    void aSlowProjectionLowersTheLimitToWhatItClearsInMaxLag() throws Exception {
        Map<String, Object> settings = settings(
                "backpressure_rate",
                Map.of(
                        "timeline.back-pressure.max-lag", "250ms",
                        "timeline.back-pressure.max-backlog", "1000",
                        "timeline.back-pressure.max-wait", "10s"));
        try (RunningService service = RunningService.start(settings, StallConfiguration.class)) {
            Http http = service.http();
            ProjectionBackPressure backPressure = service.bean(ProjectionBackPressure.class);
            assertThat(http.post("/api/v1/reps", "{\"repId\":\"rep-b\",\"displayName\":\"Bea\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(http.post(
                                    "/api/v1/customers",
                                    "{\"customerId\":\"slow\",\"ownerRepId\":\"rep-b\",\"card\":{\"name\":\"S\"}}")
                            .status())
                    .isEqualTo(201);
            awaitLiveProjections(http);
            // one customer, so one segment: every one of its events waits 25 ms in the timeline
            service.bean(TimelineStall.class).slowDown("slow", Duration.ofMillis(25));
            // until a rate is measured (1 s of busy time) max-backlog is the limit: 60 events to work off
            for (int i = 0; i < 60; i++) {
                assertThat(interaction(http, "slow", "warm-up " + i).status()).isEqualTo(201);
            }
            for (int i = 0; i < 500 && backPressure.backlog() > 0; i++) {
                Thread.sleep(20);
            }
            assertThat(backPressure.backlog()).isZero();

            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            AtomicLong largestBacklog = new AtomicLong();
            List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                for (int c = 0; c < 8; c++) {
                    int caller = c;
                    callers.submit(() -> {
                        for (int i = 0; System.nanoTime() < deadline; i++) {
                            statuses.add(interaction(http, "slow", "caller " + caller + " call " + i)
                                    .status());
                        }
                    });
                }
                while (System.nanoTime() < deadline) {
                    largestBacklog.accumulateAndGet(backPressure.backlog(), Math::max);
                    Thread.sleep(10);
                }
            } finally {
                callers.shutdown();
                assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(statuses).isNotEmpty().allMatch(status -> status == 201);
            assertThat(backPressure.limit())
                    .as("what about 40 events/s clears in 250 ms")
                    .isBetween(1L, 40L);
            assertThat(largestBacklog.get())
                    .as("backlog seen by the sampler while 8 callers pushed commands")
                    .isLessThan(100);
            MeterRegistry meters = service.bean(MeterRegistry.class);
            assertThat(meters.get("timeline.projections.backlog.limit").gauge().value())
                    .isEqualTo((double) backPressure.limit());
            assertThat(meters.get("timeline.projections.drain.rate").gauge().value())
                    .isBetween(4.0, 160.0);
        }
    }

    /** A service on its own PostgreSQL database, sampling the backlog every 20 ms, plus {@code extra}. */
    private Map<String, Object> settings(String database, Map<String, Object> extra) {
        Map<String, Object> settings = EmbeddedPostgresSupport.ownStorage(database, dataDir);
        settings.put("timeline.back-pressure.sample-interval", "20ms");
        settings.putAll(extra);
        return settings;
    }

    /** Back-pressure waits only for projections that have caught up with the stream once. */
    private static void awaitLiveProjections(Http http) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            boolean live = true;
            for (JsonNode processor : http.get("/api/v1/admin/processors").json()) {
                if (!processor.path("caughtUp").asBoolean()
                        || processor.path("lag").asLong(-1) != 0) {
                    live = false;
                }
            }
            if (live) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the projections did not catch up: "
                + http.get("/api/v1/admin/processors").json());
    }

    private static Http.Response interaction(Http http, String customer, String summary) {
        return http.post(
                "/api/v1/customers/" + customer + "/interactions",
                "{\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"rep-b\",\"summary\":\"%s\"}"
                        .formatted(summary));
    }

    @Configuration(proxyBeanMethods = false)
    static class StallConfiguration {
        @Bean
        TimelineStall timelineStall() {
            return new TimelineStall();
        }
    }

    /** A second handler in the timeline's processing group that blocks one customer's interactions. */
    @ProcessingGroup("timeline")
    static class TimelineStall {

        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String customerId;
        private volatile String slowCustomerId;
        private volatile Duration perEvent = Duration.ZERO;

        void hold(String customerId) {
            this.customerId = customerId;
        }

        void slowDown(String customerId, Duration perEvent) {
            this.perEvent = perEvent;
            this.slowCustomerId = customerId;
        }

        void release() {
            released.countDown();
        }

        @EventHandler
        void on(InteractionRecorded event) throws InterruptedException {
            if (event.customerId().equals(customerId)) {
                released.await(30, TimeUnit.SECONDS);
            }
            if (event.customerId().equals(slowCustomerId)) {
                Thread.sleep(perEvent.toMillis());
            }
        }
    }
}
