package com.customertimeline.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.support.CustomerScopedProjection;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.customertimeline.support.Reps;
import com.customertimeline.support.TestCallers;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A replay of each projection as an operator or an auditor watches it: progress that only moves forward
 * and ends at 100 %, and read models that equal, document for document, what they were before the
 * reset. One customer's views rebuilt on their own come back equal too, and nobody else's change.
 */
class ReplayProgressIT extends PostgresBackedServiceIT {

    private static final List<String> PROCESSORS = List.of(
            TimelineProjection.PROCESSING_GROUP,
            CustomerSummaryProjection.PROCESSING_GROUP,
            RepPortfolioProjection.PROCESSING_GROUP);

    @Autowired
    @Qualifier("readModelDatabase")
    MongoDatabase readModel;

    @Autowired
    List<CustomerScopedProjection> projections;

    @Test
    void aReplayReportsItsProgressUpToOneHundredPercentAndRebuildsTheSameReadModels() throws Exception {
        String rep = unique("rp");
        Reps.register(http, rep, rep, "replay-team");
        List<String> customers = new ArrayList<>();
        long[] versions = new long[6];
        for (int c = 0; c < versions.length; c++) {
            String customer = unique("rc");
            customers.add(customer);
            versions[c] = history(customer, rep, 25);
        }
        for (int c = 0; c < versions.length; c++) {
            awaitViews(customers.get(c), rep, versions[c]);
        }
        Map<String, Map<Object, Document>> before = readModels();
        assertThat(before.keySet())
                .as("every read-model collection is named by its projection, so the fingerprints cover it")
                .isSubsetOf(projections.stream()
                        .flatMap(projection -> projection.collections().stream())
                        .toList());
        String auditorId = unique("aud");
        TestCallers.person(anonymous, auditorId, "an-auditors-password", null, null, "AUDITOR");
        Http auditor = anonymous.withBasic(auditorId, "an-auditors-password");

        for (String processor : PROCESSORS) {
            Instant asked = Instant.now();
            Http.Response accepted = http.post("/api/v1/admin/processors/" + processor + "/replay", "");
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.header("Location")).isEqualTo("/api/v1/admin/processors/" + processor);

            List<Double> seen = new ArrayList<>();
            JsonNode state = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                state = auditor.get("/api/v1/admin/processors/" + processor).json();
                seen.add(state.path("percent").asDouble());
                if (state.path("state").asText().equals("LIVE")
                        && !state.path("replayFinishedAt").isNull()) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(state).isNotNull();
            assertThat(state.path("state").asText())
                    .as("%s after the replay", processor)
                    .isEqualTo("LIVE");
            assertThat(state.path("percent").asDouble()).isEqualTo(100.0);
            assertThat(state.path("position").asLong())
                    .isEqualTo(state.path("head").asLong());
            assertThat(state.path("etaSeconds").asLong()).isZero();
            Instant started = Instant.parse(state.path("replayStartedAt").asText());
            Instant finished = Instant.parse(state.path("replayFinishedAt").asText());
            assertThat(started).isAfterOrEqualTo(asked.minusSeconds(1));
            assertThat(finished).isAfterOrEqualTo(started);
            assertThat(seen).allSatisfy(p -> assertThat(p).isBetween(0.0, 100.0));
            assertThat(seen).as("progress only moves forward").isSorted();
        }

        assertThat(readModels())
                .as("the read models after replaying everything")
                .isEqualTo(before);
        // the same figures as gauges (Prometheus scrapes them; tests have no exporter, the registry is the same)
        for (String processor : PROCESSORS) {
            assertThat(gauge("timeline.processor.progress", processor)).isEqualTo(1.0);
            assertThat(gauge("timeline.processor.replaying", processor)).isZero();
            assertThat(gauge("timeline.processor.position", processor))
                    .isEqualTo(gauge("timeline.processor.target", processor));
        }
        // and Axon's own processor metrics, one series per processor
        JsonNode handled =
                http.get("/actuator/metrics/eventProcessor.successCounter").json();
        assertThat(handled.path("measurements").get(0).path("value").asDouble()).isPositive();
        assertThat(handled.path("availableTags").toString()).contains(PROCESSORS);
    }

    @Test
    void aRebuildOutsideTheProcessorsBuildsTheSameReadModelsAndHandsThemTheStreamWhereItEnded() throws Exception {
        String rep = unique("rr");
        Reps.register(http, rep, rep, "rebuild-all-team");
        List<String> customers = new ArrayList<>();
        long[] versions = new long[4];
        for (int c = 0; c < versions.length; c++) {
            String customer = unique("rrc");
            customers.add(customer);
            versions[c] = history(customer, rep, 20);
        }
        for (int c = 0; c < versions.length; c++) {
            awaitViews(customers.get(c), rep, versions[c]);
        }
        Map<String, Map<Object, Document>> before = readModels();
        // a view gone wrong: the rebuild must rebuild it, not keep it
        readModel
                .getCollection(CustomerSummaryProjection.COLLECTION)
                .updateOne(Filters.eq("_id", customers.get(0)), Updates.set("stage", "NONSENSE"));
        assertThat(readModels()).isNotEqualTo(before);
        String auditorId = unique("aud");
        TestCallers.person(anonymous, auditorId, "an-auditors-password", null, null, "AUDITOR");
        Http auditor = anonymous.withBasic(auditorId, "an-auditors-password");
        assertThat(auditor.post("/api/v1/admin/read-models/rebuild", "").status())
                .as("auditors watch a rebuild, they do not start one")
                .isEqualTo(403);

        Http.Response accepted = http.post("/api/v1/admin/read-models/rebuild", "");
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/admin/read-models/rebuild");
        long target = accepted.json().path("target").asLong();
        assertThat(target).isPositive();
        assertThat(accepted.json().path("processors").toString()).contains(PROCESSORS);

        List<Double> seen = new ArrayList<>();
        JsonNode state = accepted.json();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (state.path("state").asText().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            state = auditor.get("/api/v1/admin/read-models/rebuild").json();
            seen.add(state.path("percent").asDouble());
        }
        assertThat(state.path("state").asText()).as(state.toString()).isEqualTo("DONE");
        assertThat(state.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(state.path("position").asLong()).isGreaterThanOrEqualTo(target);
        assertThat(state.path("events").asLong()).isGreaterThanOrEqualTo(versions.length * 23L);
        assertThat(state.hasNonNull("failure")).as(state.toString()).isFalse();
        assertThat(seen).as("progress only moves forward").isSorted();

        assertThat(readModels()).as("the read models after the rebuild").isEqualTo(before);
        for (String processor : PROCESSORS) {
            ReplayProgress.Progress after = progress.of(processor).orElseThrow();
            assertThat(after.running()).as("%s runs again", processor).isTrue();
            assertThat(after.position())
                    .as("%s starts where the rebuild ended", processor)
                    .isGreaterThanOrEqualTo(target);
        }
        // the processors follow the stream from there
        Http.Response next = http.post(
                "/api/v1/customers/" + customers.get(1) + "/interactions",
                "{\"channel\":\"EMAIL\",\"direction\":\"OUTBOUND\",\"repId\":\"%s\",\"summary\":\"after the rebuild\"}"
                        .formatted(rep));
        assertThat(next.status()).isEqualTo(201);
        awaitViews(customers.get(1), rep, next.json().path("version").asLong());
    }

    @Test
    void oneCustomersViewsRebuiltOnTheirOwnComeBackAndNobodyElsesChange() {
        String rep = unique("rb");
        Reps.register(http, rep, rep, "rebuild-team");
        String damaged = unique("rbc");
        String bystander = unique("rbc");
        long damagedVersion = history(damaged, rep, 12);
        long bystanderVersion = history(bystander, rep, 5);
        awaitViews(damaged, rep, damagedVersion);
        awaitViews(bystander, rep, bystanderVersion);
        Map<String, Map<Object, Document>> before = readModels();

        // what support sees: one customer's documents wrong or gone, the events intact
        readModel
                .getCollection(CustomerSummaryProjection.COLLECTION)
                .updateOne(Filters.eq("_id", damaged), Updates.set("stage", "NONSENSE"));
        readModel
                .getCollection(TimelineProjection.ENTRIES)
                .deleteOne(Filters.and(Filters.eq("customerId", damaged), Filters.eq("sequence", 3L)));
        readModel
                .getCollection(RepPortfolioProjection.CUSTOMERS)
                .updateOne(Filters.eq("_id", damaged), Updates.set("ownerRepId", "someone-else"));
        assertThat(readModels()).isNotEqualTo(before);

        Http.Response rebuilt = http.post("/api/v1/admin/customers/" + damaged + "/rebuild", "");
        assertThat(rebuilt.status()).isEqualTo(200);
        assertThat(rebuilt.json().path("events").asLong()).isEqualTo(damagedVersion + 1);
        assertThat(rebuilt.json().path("version").asLong()).isEqualTo(damagedVersion);
        assertThat(readModels()).isEqualTo(before);

        // the processors run again: the next event reaches the views
        Http.Response next = http.post(
                "/api/v1/customers/" + damaged + "/interactions",
                "{\"channel\":\"EMAIL\",\"direction\":\"OUTBOUND\",\"repId\":\"%s\",\"summary\":\"after the rebuild\"}"
                        .formatted(rep));
        assertThat(next.status()).isEqualTo(201);
        awaitViews(damaged, rep, next.json().path("version").asLong());

        Http.Response unknown = http.post("/api/v1/admin/customers/" + unique("nobody") + "/rebuild", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().path("code").asText()).isEqualTo("unknown-customer");
        assertThat(http.post("/api/v1/admin/customers/" + rep + "/rebuild", "")
                        .json()
                        .path("code")
                        .asText())
                .as("a rep's stream is not a customer's")
                .isEqualTo("unknown-customer");
    }

    @Autowired
    RebuildingOutdatedReadModels rebuilding;

    @Autowired
    ReplayProgress progress;

    @Test
    void aTimelineAnEarlierVersionStoredUnderItsOldKeysIsRebuiltOnceWhenTheServiceStarts() throws Exception {
        String rep = unique("lu");
        Reps.register(http, rep, rep, "layout-team");
        String customer = unique("luc");
        long version = history(customer, rep, 15);
        awaitViews(customer, rep, version);
        Map<String, Map<Object, Document>> before = readModels();
        String timeline = "/api/v1/customers/" + customer + "/timeline?limit=10";
        JsonNode firstPage = http.get(timeline).json();
        assertThat(firstPage.path("entries")).hasSize(10);

        // what the previous version left: every entry under customerId:sequence, and no record of a layout
        MongoCollection<Document> entries = readModel.getCollection(TimelineProjection.ENTRIES);
        List<Document> stored = entries.find().batchSize(1_000).into(new ArrayList<>());
        entries.deleteMany(new Document());
        entries.insertMany(stored.stream()
                .map(entry -> new Document(entry)
                        .append(
                                "_id",
                                TimelineProjection.entryId(entry.getString("customerId"), entry.getLong("sequence"))))
                .toList());
        readModel.getCollection(RebuildingOutdatedReadModels.COLLECTION).deleteMany(new Document());
        assertThat(http.get(timeline).json().path("entries"))
                .as("pages read keys in the new layout only")
                .isEmpty();

        assertThat(rebuilding.rebuildWhatAnEarlierVersionStored()).isTrue();
        awaitLive(TimelineProjection.PROCESSING_GROUP);

        assertThat(entries.countDocuments(TimelineProjection.entriesInEarlierLayout()))
                .isZero();
        assertThat(readModels()).as("the read models rebuilt").isEqualTo(before);
        assertThat(http.get(timeline).json()).isEqualTo(firstPage);
        assertThat(rebuilding.rebuildWhatAnEarlierVersionStored())
                .as("the layout is recorded: the next start rebuilds nothing")
                .isFalse();
        assertThat(readModel
                        .getCollection(RebuildingOutdatedReadModels.COLLECTION)
                        .find(Filters.eq("_id", TimelineProjection.PROCESSING_GROUP))
                        .first())
                .containsEntry("rebuildPending", false);

        // a stop after the reset began but before the rebuild was recorded as done: the next start replays
        readModel
                .getCollection(RebuildingOutdatedReadModels.COLLECTION)
                .updateOne(Filters.eq("_id", TimelineProjection.PROCESSING_GROUP), Updates.set("rebuildPending", true));
        assertThat(rebuilding.rebuildWhatAnEarlierVersionStored()).isTrue();
        awaitLive(TimelineProjection.PROCESSING_GROUP);
        assertThat(readModels()).as("rebuilt again").isEqualTo(before);
    }

    /** Waits until the processor's replay has finished and it is live again. */
    private void awaitLive(String processor) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ReplayProgress.Progress state = progress.of(processor).orElseThrow();
        while (System.nanoTime() < deadline
                && (state.state() != ReplayProgress.State.LIVE || state.replayFinishedAt() == null)) {
            Thread.sleep(20);
            state = progress.of(processor).orElseThrow();
        }
        assertThat(state.state()).as("%s after its replay", processor).isEqualTo(ReplayProgress.State.LIVE);
    }

    private double gauge(String name, String processor) {
        Http.Response metric = http.get("/actuator/metrics/" + name + "?tag=processor:" + processor);
        assertThat(metric.status()).as(name).isEqualTo(200);
        return metric.json().path("measurements").get(0).path("value").asDouble();
    }

    /** Registers the customer and records interactions, a purchase and a complaint; returns the version. */
    private long history(String customer, String rep, int interactions) {
        Http.Response registered = http.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Replay %s\"}}"
                        .formatted(customer, rep, customer));
        assertThat(registered.status()).isEqualTo(201);
        long version = 0;
        for (int i = 0; i < interactions; i++) {
            Http.Response recorded = http.post(
                    "/api/v1/customers/" + customer + "/interactions",
                    "{\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"call %d\",\"satisfaction\":%d}"
                            .formatted(rep, i, 1 + i % 5));
            assertThat(recorded.status()).isEqualTo(201);
            version = recorded.json().path("version").asLong();
        }
        Http.Response purchase = http.post(
                "/api/v1/customers/" + customer + "/purchases",
                "{\"orderId\":\"o-%s\",\"lineItems\":[{\"sku\":\"S1\",\"quantity\":2,\"unitPrice\":{\"amount\":19.90,\"currency\":\"CNY\"}}]}"
                        .formatted(customer));
        assertThat(purchase.status()).as(purchase.raw().body()).isEqualTo(201);
        Http.Response complaint = http.post(
                "/api/v1/customers/" + customer + "/complaints",
                "{\"channel\":\"EMAIL\",\"category\":\"delivery\",\"severity\":\"HIGH\",\"description\":\"late delivery\"}");
        assertThat(complaint.status()).as(complaint.raw().body()).isEqualTo(201);
        return Math.max(version, complaint.json().path("version").asLong());
    }

    private void awaitViews(String customer, String owner, long version) {
        for (String view : List.of("", "/timeline")) {
            assertThat(http.get("/api/v1/customers/" + customer + view + "?minVersion=" + version)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(http.get("/api/v1/reps/" + owner + "/customers?customerId=" + customer + "&minVersion=" + version)
                        .status())
                .as("the portfolio of %s", owner)
                .isEqualTo(200);
    }

    /**
     * Every document of every read-model collection (the processors' tokens and the layout record aside),
     * by collection and id.
     */
    private Map<String, Map<Object, Document>> readModels() {
        Map<String, Map<Object, Document>> all = new TreeMap<>();
        for (String name : readModel.listCollectionNames()) {
            if (name.equals("tracking_tokens") || name.equals(RebuildingOutdatedReadModels.COLLECTION)) {
                continue;
            }
            Map<Object, Document> documents = new TreeMap<>();
            // in batches: the embedded wire server sends an unbounded find in one reply, and the driver
            // refuses replies over 48 MB (the shared test store holds a 100,000-event customer)
            for (Document document : readModel.getCollection(name).find().batchSize(1_000)) {
                documents.put(String.valueOf(document.get("_id")), document);
            }
            all.put(name, documents);
        }
        return all;
    }
}
