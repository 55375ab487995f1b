package com.customertimeline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives a running Customer Timeline service through its public HTTP API, as the internal apps would,
 * and reports what it measured. It talks only to the base URL it is given (loopback by default), and
 * every loop is bounded by the configured counts.
 *
 * <p>Workload: {@code reps} reps, {@code customers} customers, then {@code events} commands across them
 * with a skewed distribution: {@code whales} customers get {@code whaleEvents} events each, the rest are
 * spread uniformly. Mix: 70% interactions (10% with a promise, 30% with a satisfaction score), 12%
 * purchases in EUR or USD, 8% complaints filed, 5% complaint responses or resolutions, 5% card updates.
 *
 * <p>Measures: sustained commands/s, command latency p50/p99, projection lag (command acknowledged to
 * visible in the timeline, sampled), replay rate of all projections, and the timeline's first-page
 * latency for the largest customer.
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CHANNELS = {"PHONE", "EMAIL", "SMS", "VISIT", "CHAT", "COMMUNITY"};

    private final String base;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private final Map<String, String> settings;

    private final ConcurrentHistogram commandLatency = new ConcurrentHistogram(60_000_000_000L, 3);
    private final ConcurrentHistogram lag = new ConcurrentHistogram(60_000_000_000L, 3);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong lagTimeouts = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final Map<String, Queue<String>> openComplaints = new ConcurrentHashMap<>();

    /** The generator's bearer token: an API client (APP, AUDITOR, ADMIN) the admin creates at start. */
    private String authorization;

    private LoadGenerator(Map<String, String> settings) {
        this.settings = settings;
        this.base = settings.getOrDefault("base-url", "http://127.0.0.1:8080");
    }

    /**
     * Signs in as an operator would: the first administrator (password from {@code --admin-password} or
     * {@code TIMELINE_ADMIN_PASSWORD}) creates an API client, whose secret is traded for a token.
     */
    private void signIn() throws Exception {
        String password = settings.getOrDefault("admin-password", System.getenv("TIMELINE_ADMIN_PASSWORD"));
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("give --admin-password or TIMELINE_ADMIN_PASSWORD");
        }
        String admin = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String clientId = "bench-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/clients"))
                        .header("Authorization", admin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"id\":\"" + clientId + "\",\"roles\":[\"APP\",\"AUDITOR\",\"ADMIN\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException(
                    "creating the generator's client: " + created.statusCode() + " " + created.body());
        }
        String secret = JSON.readTree(created.body()).path("secret").asText();
        String basic = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((clientId + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> token = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                        .header("Authorization", basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new IllegalStateException("the generator's token: " + token.statusCode() + " " + token.body());
        }
        authorization =
                "Bearer " + JSON.readTree(token.body()).path("access_token").asText();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                settings.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        new LoadGenerator(settings).run();
        System.exit(0); // the HTTP client's worker threads would keep the JVM alive
    }

    private int setting(String name, int fallback) {
        return Integer.parseInt(settings.getOrDefault(name, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        signIn();
        if ("handover".equals(settings.get("scenario"))) {
            runHandover();
            return;
        }
        if ("workspace".equals(settings.get("scenario"))) {
            runWorkspace();
            return;
        }
        if ("asof".equals(settings.get("scenario"))) {
            runAsOf();
            return;
        }
        if ("import".equals(settings.get("scenario"))) {
            runImport();
            return;
        }
        if ("read-your-writes".equals(settings.get("scenario"))) {
            runReadYourWrites();
            return;
        }
        int reps = setting("reps", 50);
        int customers = setting("customers", 10_000);
        long events = setting("events", 1_000_000);
        int whales = setting("whales", 5);
        int whaleEvents = setting("whale-events", 12_000);
        int concurrency = setting("concurrency", 32);
        int lagSampleEvery = setting("lag-sample-every", 200);

        Map<String, double[]> writesAtStart = readModelWrites();
        log("registering %d reps and %d customers", reps, customers);
        for (int r = 0; r < reps; r++) {
            send(
                    "POST",
                    "/api/v1/reps",
                    "{\"repId\":\"rep-%d\",\"displayName\":\"Rep %d\",\"team\":\"team-%d\"}".formatted(r, r, r % 5),
                    false);
        }
        long registrationStart = System.nanoTime();
        parallel(
                concurrency,
                customers,
                (i, random) -> send(
                        "POST",
                        "/api/v1/customers",
                        ("{\"customerId\":\"c-%d\",\"ownerRepId\":\"rep-%d\",\"occurredAt\":\"2024-01-01T00:00:00Z\","
                                        + "\"card\":{\"name\":\"Customer %d\",\"company\":\"Company %d\","
                                        + "\"contacts\":[{\"type\":\"EMAIL\",\"value\":\"c%d@example.com\"}]}}")
                                .formatted(i, i % reps, i, i % 997, i),
                        true));
        double registrationSeconds = (System.nanoTime() - registrationStart) / 1e9;

        long whaleTotal = (long) whales * whaleEvents;
        log(
                "recording %d events (%d customers with %d each, the rest uniform) with %d workers",
                events, whales, whaleEvents, concurrency);
        long start = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        parallel(concurrency, events, (n, random) -> {
            // whale events are spread over the whole run, not front-loaded
            int customer = random.nextLong(events) < whaleTotal
                    ? random.nextInt(whales)
                    : whales + random.nextInt(customers - whales);
            JsonNode answer = record(n, "c-" + customer, random, reps);
            if (answer != null && n % lagSampleEvery == 0) {
                measureLag("c-" + customer, answer.path("version").asLong());
            }
            long done = sent.incrementAndGet();
            if (done % 50_000 == 0) {
                log("%d events, %.0f/s", done, done / ((System.nanoTime() - start) / 1e9));
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> ingest = new java.util.LinkedHashMap<>();
        ingest.put("phase", "ingest");
        ingest.put("events", events);
        ingest.put("commandsPerSecond", Math.round(events / seconds));
        ingest.put("commandLatencyP50Ms", ms(commandLatency.getValueAtPercentile(50)));
        ingest.put("commandLatencyP99Ms", ms(commandLatency.getValueAtPercentile(99)));
        ingest.put("errors", errors.get());
        ingest.put("throttledRetries", throttled.get());
        ingest.put("lagSamples", lag.getTotalCount());
        ingest.put("lagTimedOut", lagTimeouts.get());
        ingest.put("projectionLagP50Ms", ms(lag.getValueAtPercentile(50)));
        ingest.put("projectionLagP99Ms", ms(lag.getValueAtPercentile(99)));
        ingest.put(
                "lagBacklogAtEndOfIngest",
                processors().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                p -> p.get("name").asText(), p -> p.path("lag").asLong())));
        System.out.println(JSON.writeValueAsString(ingest));
        System.out.flush();

        log("waiting for projections to catch up");
        waitForProjections(Duration.ofMinutes(30));
        Map<String, double[]> writesAfterIngest = readModelWrites();
        log("timeline first page for the largest customer");
        Histogram page = new Histogram(10_000_000_000L, 3);
        for (int i = 0; i < setting("page-reads", 2_000); i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = get("/api/v1/customers/c-0/timeline?limit=50");
            page.recordValue(System.nanoTime() - t0);
            if (response.statusCode() != 200) {
                errors.incrementAndGet();
            }
        }
        JsonNode summary = JSON.readTree(get("/api/v1/customers/c-0").body());

        log("replaying all projections");
        long totalEvents = head();
        Map<String, double[]> writesBeforeReplay = readModelWrites();
        double replaySeconds = replayAll();
        Map<String, double[]> writesAfterReplay = readModelWrites();

        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("reps", reps);
        report.put("customers", customers);
        report.put("customerRegistrationsPerSecond", Math.round(customers / registrationSeconds));
        report.put("events", events);
        report.put(
                "largestCustomerEvents",
                summary.path("interactionCount").asLong()
                        + summary.path("purchaseCount").asLong());
        report.put("concurrency", concurrency);
        report.put("errors", errors.get());
        report.put("throttledRetries", throttled.get());
        report.put("commandsPerSecond", Math.round(events / seconds));
        report.put("commandLatencyP50Ms", ms(commandLatency.getValueAtPercentile(50)));
        report.put("commandLatencyP99Ms", ms(commandLatency.getValueAtPercentile(99)));
        report.put("lagSamples", lag.getTotalCount());
        report.put("lagTimedOut", lagTimeouts.get());
        report.put("projectionLagP50Ms", ms(lag.getValueAtPercentile(50)));
        report.put("projectionLagP99Ms", ms(lag.getValueAtPercentile(99)));
        report.put("eventsInStore", totalEvents);
        report.put("replayBy", rebuildOutsideProcessors() ? "rebuild" : "processors");
        report.put("replaySeconds", Math.round(replaySeconds));
        report.put("replayEventsPerSecondPerProjection", Math.round(totalEvents / replaySeconds));
        report.put("timelinePageP50Ms", ms(page.getValueAtPercentile(50)));
        report.put("timelinePageP99Ms", ms(page.getValueAtPercentile(99)));
        report.put("readModelWritesPerEventIngest", perEvent(writesAtStart, writesAfterIngest, totalEvents));
        report.put("readModelWritesPerEventReplay", perEvent(writesBeforeReplay, writesAfterReplay, totalEvents));
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    /**
     * Import scenario (issue 16): an NDJSON file of {@code reps} reps, {@code customers} customers and
     * {@code events} records with the ingest scenario's mix, posted to {@code POST /api/v1/imports} in one
     * request ({@code --read-models=after-import} stops the projections for it). Measures the import's rate (lines per second, from posting until the status says DONE),
     * then how long the projections take to catch up afterwards, and posts the file a second time to
     * show that nothing is applied twice.
     */
    private void runImport() throws Exception {
        int reps = setting("reps", 50);
        int customers = setting("customers", 10_000);
        long events = setting("events", 100_000);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("timeline-import-", ".ndjson");
        SplittableRandom random = new SplittableRandom(16);
        Map<Integer, Queue<String>> complaints = new HashMap<>();
        long lines = 0;
        try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(file)) {
            for (int r = 0; r < reps; r++) {
                out.write(("{\"type\":\"rep\",\"repId\":\"rep-%d\",\"displayName\":\"Rep %d\",\"team\":\"team-%d\","
                                + "\"occurredAt\":\"2015-01-01T00:00:00Z\"}\n")
                        .formatted(r, r, r % 5));
                lines++;
            }
            for (int c = 0; c < customers; c++) {
                out.write(("{\"type\":\"customer\",\"customerId\":\"c-%d\",\"ownerRepId\":\"rep-%d\","
                                + "\"occurredAt\":\"2016-01-01T00:00:00Z\",\"card\":{\"name\":\"Customer %d\","
                                + "\"company\":\"Company %d\",\"contacts\":[{\"type\":\"EMAIL\",\"value\":\"c%d@example.com\"}]}}\n")
                        .formatted(c, c % reps, c, c % 997, c));
                lines++;
            }
            for (long n = 0; n < events; n++) {
                int customer = random.nextInt(customers);
                String head = "{\"customerId\":\"c-%d\",\"occurredAt\":\"%s\","
                        .formatted(
                                customer, Instant.parse("2017-01-01T00:00:00Z").plusSeconds(n * 60));
                String rep = "rep-" + random.nextInt(reps);
                int pick = random.nextInt(100);
                Queue<String> open = complaints.get(customer);
                String line;
                if (pick < 70 || (pick >= 90 && pick < 95 && (open == null || open.isEmpty()))) {
                    line = head
                            + ("\"type\":\"interaction\",\"interactionId\":\"i-%d\",\"channel\":\"%s\","
                                            + "\"direction\":\"INBOUND\",\"repId\":\"%s\",\"summary\":\"Customer asked about order %d\"}")
                                    .formatted(n, CHANNELS[random.nextInt(CHANNELS.length)], rep, n);
                } else if (pick < 82) {
                    line = head
                            + ("\"type\":\"purchase\",\"orderId\":\"o-%d\",\"repId\":\"%s\",\"lineItems\":"
                                            + "[{\"sku\":\"SKU-%d\",\"quantity\":1,\"unitPrice\":{\"amount\":\"%d.99\",\"currency\":\"EUR\"}}]}")
                                    .formatted(n, rep, random.nextInt(500), 5 + random.nextInt(200));
                } else if (pick < 90) {
                    line = head
                            + ("\"type\":\"complaint\",\"complaintId\":\"k-%d\",\"channel\":\"EMAIL\","
                                            + "\"category\":\"DELIVERY\",\"severity\":\"MEDIUM\",\"description\":\"Late parcel\"}")
                                    .formatted(n);
                    complaints
                            .computeIfAbsent(customer, k -> new java.util.ArrayDeque<>())
                            .add("k-" + n);
                } else if (pick < 95) {
                    line = head
                            + ("\"type\":\"complaint-response\",\"complaintId\":\"%s\",\"repId\":\"%s\","
                                            + "\"message\":\"Sent again\"}")
                                    .formatted(open.poll(), rep);
                } else {
                    line = head + "\"type\":\"card\",\"position\":\"Buyer %d\"}".formatted(n);
                }
                out.write(line);
                out.write('\n');
                lines++;
            }
        }
        log("posting %d lines (%d MB)", lines, java.nio.file.Files.size(file) >> 20);
        long start = System.nanoTime();
        JsonNode first = postImport(file);
        double importSeconds = (System.nanoTime() - start) / 1e9;
        log("waiting for projections to catch up");
        long catchUpStart = System.nanoTime();
        waitForProjections(Duration.ofMinutes(120));
        double catchUpSeconds = (System.nanoTime() - catchUpStart) / 1e9;
        long stored = head();
        boolean repost = !"false".equals(settings.get("repost"));
        JsonNode again = null;
        double againSeconds = 0;
        if (repost) {
            log("posting the same file again");
            long againStart = System.nanoTime();
            again = postImport(file);
            againSeconds = (System.nanoTime() - againStart) / 1e9;
        }
        java.nio.file.Files.delete(file);
        // --replays=N: all projections replayed N times in a row on the same service; the later ones
        // show a replay once the JIT has compiled the projections' code (docs/benchmarks.md)
        List<Double> replaySeconds = new ArrayList<>();
        for (int i = 0; i < setting("replays", 0); i++) {
            log("replay %d of %s", i + 1, settings.get("replays"));
            replaySeconds.add(Math.round(replayAll() * 10) / 10.0);
        }

        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("readModels", settings.getOrDefault("read-models", "live"));
        report.put("lines", lines);
        report.put("applied", first.path("applied").asLong());
        report.put("rejected", first.path("rejected").asLong());
        report.put(
                "firstRejections",
                first.path("rejections").size() > 0 ? first.path("rejections").get(0) : null);
        report.put("importSeconds", Math.round(importSeconds * 10) / 10.0);
        report.put("importLinesPerSecond", Math.round(lines / importSeconds));
        report.put("eventsInStore", stored);
        report.put("projectionsCatchUpSecondsAfterImport", Math.round(catchUpSeconds * 10) / 10.0);
        report.put(
                "projectionsEventsPerSecondFromStartOfImport", Math.round(stored / (importSeconds + catchUpSeconds)));
        if (again != null) {
            report.put(
                    "secondPostAlreadyImported", again.path("alreadyImported").asLong());
            report.put("secondPostApplied", again.path("applied").asLong());
            report.put("secondPostLinesPerSecond", Math.round(lines / againSeconds));
        }
        if (!replaySeconds.isEmpty()) {
            report.put("replayBy", rebuildOutsideProcessors() ? "rebuild" : "processors");
            report.put("replaySeconds", replaySeconds);
            report.put(
                    "replayEventsPerSecondPerProjection",
                    replaySeconds.stream()
                            .map(seconds -> Math.round(stored / Math.max(seconds, 0.1)))
                            .toList());
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    private JsonNode postImport(java.nio.file.Path file) throws Exception {
        HttpResponse<String> posted = client.send(
                HttpRequest.newBuilder(URI.create(
                                base + "/api/v1/imports?readModels=" + settings.getOrDefault("read-models", "live")))
                        .timeout(Duration.ofMinutes(30))
                        .header("Content-Type", "application/x-ndjson")
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 202) {
            throw new IllegalStateException("POST /api/v1/imports: " + posted.statusCode() + " " + posted.body());
        }
        String location = posted.headers().firstValue("Location").orElseThrow();
        long lastLog = System.nanoTime();
        while (true) {
            JsonNode status = JSON.readTree(get(location).body());
            String state = status.path("status").asText();
            if (state.equals("DONE") || state.equals("FAILED")) {
                if (state.equals("FAILED")) {
                    throw new IllegalStateException("import failed: " + status);
                }
                return status;
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                log(
                        "import: %s %%, %d lines read, %s lines/s",
                        status.path("percent"), status.path("linesRead").asLong(), status.path("linesPerSecond"));
                lastLog = System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    /**
     * Per collection of the read models: documents written and round trips (every driver command naming
     * the collection, reads included) so far, from the service's Prometheus page ({@code
     * timeline.read-model.documents.written} and the driver's {@code mongodb.driver.commands}).
     */
    private Map<String, double[]> readModelWrites() {
        HttpResponse<String> page = get("/actuator/prometheus");
        if (page.statusCode() != 200) {
            throw new IllegalStateException("GET /actuator/prometheus: " + page.statusCode());
        }
        Map<String, double[]> byCollection = new java.util.TreeMap<>();
        for (String line : page.body().split("\n")) {
            int slot = line.startsWith("timeline_read_model_documents_written_total{")
                    ? 0
                    : line.startsWith("mongodb_driver_commands_seconds_count{") ? 1 : -1;
            if (slot < 0) {
                continue;
            }
            java.util.regex.Matcher collection =
                    java.util.regex.Pattern.compile("collection=\"([^\"]*)\"").matcher(line);
            if (!collection.find()) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            byCollection.computeIfAbsent(collection.group(1), c -> new double[2])[slot] += value;
        }
        return byCollection;
    }

    private static Map<String, Object> perEvent(Map<String, double[]> from, Map<String, double[]> to, long events) {
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        double documents = 0;
        double roundTrips = 0;
        for (Map.Entry<String, double[]> entry : to.entrySet()) {
            double[] before = from.getOrDefault(entry.getKey(), new double[2]);
            double written = entry.getValue()[0] - before[0];
            double trips = entry.getValue()[1] - before[1];
            if (written == 0 && trips == 0) {
                continue;
            }
            documents += written;
            roundTrips += trips;
            result.put(
                    entry.getKey(),
                    Map.of(
                            "documentsWritten", Math.round(written / events * 1000) / 1000.0,
                            "roundTrips", Math.round(trips / events * 1000) / 1000.0));
        }
        result.put(
                "all",
                Map.of(
                        "documentsWritten", Math.round(documents / events * 1000) / 1000.0,
                        "roundTrips", Math.round(roundTrips / events * 1000) / 1000.0));
        return result;
    }

    /**
     * Handover scenario: a rep owning {@code customers} customers leaves, their portfolio is spread over
     * three successors; one customer has {@code history} events. Measures the time from the departure
     * request until every customer is reassigned, and the handover brief's latency for the big customer.
     */
    private void runHandover() throws Exception {
        int customers = setting("customers", 10_000);
        int history = setting("history", 10_000);
        int concurrency = setting("concurrency", 32);
        for (String rep : List.of("leaver", "heir-1", "heir-2", "heir-3", "rep-0")) {
            send("POST", "/api/v1/reps", "{\"repId\":\"%s\",\"displayName\":\"%s\"}".formatted(rep, rep), false);
        }
        log("registering %d customers owned by the leaver", customers);
        parallel(
                concurrency,
                customers,
                (i, random) -> send(
                        "POST",
                        "/api/v1/customers",
                        "{\"customerId\":\"h-%d\",\"ownerRepId\":\"leaver\",\"occurredAt\":\"2024-01-01T00:00:00Z\","
                                + "\"card\":{\"name\":\"Customer %d\"}}".formatted(i, i),
                        true));
        log("recording %d events on customer h-0", history);
        parallel(concurrency, history, (n, random) -> record(n, "h-0", random, 1));
        waitForProjections(Duration.ofMinutes(30));

        log("departing");
        long start = System.nanoTime();
        send(
                "POST",
                "/api/v1/reps/leaver/departure",
                "{\"reason\":\"benchmark\",\"successorRepIds\":[\"heir-1\",\"heir-2\",\"heir-3\"]}",
                false);
        JsonNode status = null;
        while (System.nanoTime() - start < Duration.ofMinutes(30).toNanos()) {
            HttpResponse<String> response = get("/api/v1/reps/leaver/departure");
            if (response.statusCode() == 200) {
                status = JSON.readTree(response.body());
                if (status.path("complete").asBoolean()) {
                    break;
                }
            }
            Thread.sleep(100);
        }
        double departureSeconds = (System.nanoTime() - start) / 1e9;
        waitForProjections(Duration.ofMinutes(30));

        Histogram brief = new Histogram(10_000_000_000L, 3);
        for (int i = 0; i < setting("page-reads", 1_000); i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = get("/api/v1/customers/h-0/handover");
            brief.recordValue(System.nanoTime() - t0);
            if (response.statusCode() != 200) {
                errors.incrementAndGet();
            }
        }
        JsonNode summary = JSON.readTree(get("/api/v1/customers/h-0").body());
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("customersOfLeaver", customers);
        report.put("reassigned", status == null ? 0 : status.path("done").asInt());
        report.put("failed", status == null ? 0 : status.path("failed").asInt());
        report.put("successorShares", status == null ? null : status.path("successors"));
        report.put("departureSeconds", Math.round(departureSeconds * 10) / 10.0);
        report.put("bigCustomerVersion", summary.path("version").asLong());
        report.put("handoverBriefP50Ms", ms(brief.getValueAtPercentile(50)));
        report.put("handoverBriefP99Ms", ms(brief.getValueAtPercentile(99)));
        report.put("errors", errors.get());
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    /**
     * Workspace scenario (issue 12): one customer with {@code history} events, owned by a rep who signs
     * in to the workspace with the form. Measures, as the browser would see it, the time to the customer
     * page's first byte and to each page of 50 older timeline entries fetched while scrolling (walking
     * the cursor chain from the newest to the oldest, then again).
     */
    private void runWorkspace() throws Exception {
        int history = setting("history", 10_000);
        int concurrency = setting("concurrency", 32);
        send("POST", "/api/v1/reps", "{\"repId\":\"rep-0\",\"displayName\":\"Rep 0\",\"team\":\"bench\"}", false);
        send(
                "POST",
                "/api/v1/customers",
                "{\"customerId\":\"w-0\",\"ownerRepId\":\"rep-0\",\"occurredAt\":\"2024-01-01T00:00:00Z\","
                        + "\"card\":{\"name\":\"Workspace Customer\"}}",
                false);
        log("recording %d events on customer w-0", history);
        parallel(concurrency, history, (n, random) -> record(n, "w-0", random, 1));
        waitForProjections(Duration.ofMinutes(30));

        String password = "bench-rep-" + java.util.UUID.randomUUID();
        String admin = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(("admin:"
                                        + settings.getOrDefault(
                                                "admin-password", System.getenv("TIMELINE_ADMIN_PASSWORD")))
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> account = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/accounts"))
                        .header("Authorization", admin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(("{\"id\":\"bench-rep\",\"password\":\"%s\","
                                        + "\"roles\":[\"REP\"],\"repId\":\"rep-0\",\"team\":\"bench\"}")
                                .formatted(password)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (account.statusCode() != 201) {
            throw new IllegalStateException(
                    "creating the rep's account: " + account.statusCode() + " " + account.body());
        }
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String login = browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/workspace/login"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(login);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        HttpResponse<String> signedIn = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/workspace/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=bench-rep&password=" + password + "&_csrf="
                                + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302
                || !signedIn.headers().firstValue("Location").orElse("").endsWith("/workspace")) {
            throw new IllegalStateException("signing in: " + signedIn.statusCode() + " "
                    + signedIn.headers().map());
        }
        // the loader of older entries, not the first hx-get of the page (the card history's, until 2026-12-06)
        java.util.regex.Pattern older = java.util.regex.Pattern.compile("hx-get=\"([^\"]*/timeline\\?cursor=[^\"]+)\"");
        int reads = setting("page-reads", 500);
        // rounds read before measuring: the first pages of a fresh JVM run interpreted code (the very
        // first took 700 ms); the targets are about a service that has been up
        int warmup = setting("warmup-reads", 50);
        Histogram page = new Histogram(10_000_000_000L, 3);
        Histogram scroll = new Histogram(10_000_000_000L, 3);
        Histogram unrecordedPage = new Histogram(10_000_000_000L, 3);
        Histogram unrecordedScroll = new Histogram(10_000_000_000L, 3);
        long entriesSeen = 0;
        String next = null;
        for (int i = 0; i < warmup + reads; i++) {
            boolean measured = i >= warmup;
            HttpResponse<java.io.InputStream> first =
                    timedGet(browser, "/workspace/customers/w-0", measured ? page : unrecordedPage);
            String body = new String(first.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (first.statusCode() != 200) {
                errors.incrementAndGet();
            }
            if (next == null) {
                java.util.regex.Matcher more = older.matcher(body);
                next = more.find() ? more.group(1).replace("&amp;", "&") : null;
            }
            if (next != null) {
                HttpResponse<java.io.InputStream> fragment =
                        timedGet(browser, next, measured ? scroll : unrecordedScroll);
                String rows = new String(fragment.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (fragment.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                if (measured) {
                    entriesSeen += rows.split("<li class=\"entry\"", -1).length - 1;
                }
                java.util.regex.Matcher more = older.matcher(rows);
                next = more.find() ? more.group(1).replace("&amp;", "&") : null;
            }
        }
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("customerEvents", history + 1);
        report.put("warmupReads", warmup);
        report.put("customerPageReads", reads);
        report.put("customerPageFirstByteP50Ms", ms(page.getValueAtPercentile(50)));
        report.put("customerPageFirstByteP99Ms", ms(page.getValueAtPercentile(99)));
        report.put("olderEntriesPageP50Ms", ms(scroll.getValueAtPercentile(50)));
        report.put("olderEntriesPageP99Ms", ms(scroll.getValueAtPercentile(99)));
        report.put("olderEntriesLoaded", entriesSeen);
        report.put("errors", errors.get());
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    /**
     * As-of scenario (issue 13): one customer with {@code history} events, then {@code page-reads}
     * rounds of the summary, the first timeline page and the handover brief as they stood at an instant
     * drawn uniformly from the time the history was being recorded (seeded, so runs are comparable).
     */
    private void runAsOf() throws Exception {
        int history = setting("history", 10_000);
        int concurrency = setting("concurrency", 32);
        send("POST", "/api/v1/reps", "{\"repId\":\"rep-0\",\"displayName\":\"Rep 0\",\"team\":\"bench\"}", false);
        send(
                "POST",
                "/api/v1/customers",
                "{\"customerId\":\"a-0\",\"ownerRepId\":\"rep-0\",\"occurredAt\":\"2024-01-01T00:00:00Z\","
                        + "\"card\":{\"name\":\"As-of Customer\"}}",
                false);
        Instant recordingFrom = Instant.now();
        log("recording %d events on customer a-0", history);
        parallel(concurrency, history, (n, random) -> record(n, "a-0", random, 1));
        Instant recordingTo = Instant.now();
        waitForProjections(Duration.ofMinutes(30));

        Map<String, Histogram> latency = new java.util.LinkedHashMap<>();
        Map<String, String> paths = Map.of(
                "summary", "/api/v1/customers/a-0?asOf=",
                "timelineFirstPage", "/api/v1/customers/a-0/timeline?limit=50&asOf=",
                "handoverBrief", "/api/v1/customers/a-0/handover?asOf=");
        for (String view : List.of("summary", "timelineFirstPage", "handoverBrief")) {
            latency.put(view, new Histogram(10_000_000_000L, 3));
        }
        SplittableRandom random = new SplittableRandom(7);
        long span = Duration.between(recordingFrom, recordingTo).toMillis();
        int reads = setting("page-reads", 300);
        for (int i = 0; i < reads + 20; i++) {
            String asOf = recordingFrom.plusMillis(random.nextLong(span + 1)).toString();
            for (Map.Entry<String, Histogram> view : latency.entrySet()) {
                long t0 = System.nanoTime();
                HttpResponse<String> response = get(paths.get(view.getKey()) + asOf);
                long took = System.nanoTime() - t0;
                if (response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                if (i >= 20) { // the first rounds warm the service up
                    view.getValue().recordValue(took);
                }
            }
        }
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("customerEvents", history + 1);
        report.put("asOfReadsPerView", reads);
        latency.forEach((view, histogram) -> {
            report.put(view + "P50Ms", ms(histogram.getValueAtPercentile(50)));
            report.put(view + "P99Ms", ms(histogram.getValueAtPercentile(99)));
        });
        report.put("errors", errors.get());
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    /**
     * Read-your-writes at light load (ADR 0023): one client records an interaction on one of 20
     * customers, reads the timeline with the answer's version as {@code minVersion}, pauses {@code
     * pause-ms} and goes on; {@code writes} times, the first fifth not recorded (warm-up). Reports the
     * time from the command's answer to the read's.
     */
    private void runReadYourWrites() throws Exception {
        int writes = setting("writes", 500);
        int pauseMillis = setting("pause-ms", 50);
        send("POST", "/api/v1/reps", "{\"repId\":\"rep-0\",\"displayName\":\"Rep 0\",\"team\":\"bench\"}", false);
        for (int c = 0; c < 20; c++) {
            send(
                    "POST",
                    "/api/v1/customers",
                    ("{\"customerId\":\"y-%d\",\"ownerRepId\":\"rep-0\",\"occurredAt\":\"2024-01-01T00:00:00Z\","
                                    + "\"card\":{\"name\":\"Customer %d\"}}")
                            .formatted(c, c),
                    false);
        }
        Histogram visible = new Histogram(60_000_000_000L, 3);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < writes; i++) {
            String customer = "y-" + (i % 20);
            JsonNode accepted = send(
                    "POST",
                    "/api/v1/customers/" + customer + "/interactions",
                    ("{\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"rep-0\","
                                    + "\"summary\":\"Asked about order %d\",\"occurredAt\":\"%s\"}")
                            .formatted(i, Instant.parse("2024-02-01T00:00:00Z").plusSeconds(i)),
                    false);
            if (accepted == null) {
                continue;
            }
            long t0 = System.nanoTime();
            HttpResponse<String> read = get("/api/v1/customers/" + customer + "/timeline?limit=1&minVersion="
                    + accepted.path("version").asLong());
            long took = System.nanoTime() - t0;
            if (read.statusCode() != 200) {
                errors.incrementAndGet();
            } else if (i >= writes / 5) {
                visible.recordValue(took);
            }
            Thread.sleep(pauseMillis + random.nextInt(pauseMillis + 1));
        }
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("writesRecorded", visible.getTotalCount());
        report.put("readYourWriteP50Ms", ms(visible.getValueAtPercentile(50)));
        report.put("readYourWriteP90Ms", ms(visible.getValueAtPercentile(90)));
        report.put("readYourWriteP99Ms", ms(visible.getValueAtPercentile(99)));
        report.put("readYourWriteMaxMs", ms(visible.getMaxValue()));
        report.put("errors", errors.get());
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    /** A GET whose time is taken to the first byte of the body (the headers arrive with it). */
    private HttpResponse<java.io.InputStream> timedGet(HttpClient browser, String path, Histogram histogram)
            throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<java.io.InputStream> response = browser.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        histogram.recordValue(System.nanoTime() - t0);
        return response;
    }

    private JsonNode record(long n, String customer, SplittableRandom random, int reps) {
        int pick = random.nextInt(100);
        String rep = "rep-" + random.nextInt(reps);
        String at = Instant.parse("2024-02-01T00:00:00Z").plusSeconds(n).toString();
        String path = "/api/v1/customers/" + customer;
        if (pick < 70) {
            String extra = "";
            if (random.nextInt(10) == 0) {
                extra += ",\"followUp\":{\"dueAt\":\"%s\",\"description\":\"Call back\"}"
                        .formatted(Instant.parse("2024-03-01T00:00:00Z").plusSeconds(n));
            }
            if (random.nextInt(10) < 3) {
                extra += ",\"satisfaction\":" + (1 + random.nextInt(5));
            }
            return send(
                    "POST",
                    path + "/interactions",
                    ("{\"channel\":\"%s\",\"direction\":\"%s\",\"repId\":\"%s\","
                                    + "\"summary\":\"Customer asked about order %d\",\"occurredAt\":\"%s\"%s}")
                            .formatted(
                                    CHANNELS[random.nextInt(CHANNELS.length)],
                                    random.nextBoolean() ? "INBOUND" : "OUTBOUND",
                                    rep,
                                    n,
                                    at,
                                    extra),
                    true);
        }
        if (pick < 82) {
            String currency = random.nextInt(4) == 0 ? "USD" : "EUR";
            return send(
                    "POST",
                    path + "/purchases",
                    ("{\"orderId\":\"o-%d\",\"repId\":\"%s\",\"occurredAt\":\"%s\","
                                    + "\"lineItems\":[{\"sku\":\"SKU-%d\",\"quantity\":%d,"
                                    + "\"unitPrice\":{\"amount\":\"%d.99\",\"currency\":\"%s\"}}]}")
                            .formatted(
                                    n,
                                    rep,
                                    at,
                                    random.nextInt(500),
                                    1 + random.nextInt(3),
                                    5 + random.nextInt(200),
                                    currency),
                    true);
        }
        if (pick < 90) {
            String complaintId = "k-" + n;
            JsonNode answer = send(
                    "POST",
                    path + "/complaints",
                    ("{\"complaintId\":\"%s\",\"channel\":\"EMAIL\","
                                    + "\"category\":\"DELIVERY\",\"severity\":\"MEDIUM\",\"description\":\"Late parcel\","
                                    + "\"occurredAt\":\"%s\"}")
                            .formatted(complaintId, at),
                    true);
            openComplaints
                    .computeIfAbsent(customer, c -> new ConcurrentLinkedQueue<>())
                    .add(complaintId);
            return answer;
        }
        if (pick < 95) {
            Queue<String> open = openComplaints.get(customer);
            String complaintId = open == null ? null : open.poll();
            if (complaintId != null) {
                // the complaint is out of the queue while its command is in flight, so no other worker
                // resolves it meanwhile; a response puts it back once answered
                boolean resolve = random.nextBoolean();
                JsonNode answer = send(
                        "POST",
                        path + "/complaints/" + complaintId + (resolve ? "/resolution" : "/responses"),
                        resolve
                                ? "{\"repId\":\"%s\",\"resolution\":\"Refunded\",\"satisfaction\":%d,\"occurredAt\":\"%s\"}"
                                        .formatted(rep, 1 + random.nextInt(5), at)
                                : "{\"repId\":\"%s\",\"message\":\"Looking into it\",\"occurredAt\":\"%s\"}"
                                        .formatted(rep, at),
                        true);
                if (!resolve) {
                    open.add(complaintId);
                }
                return answer;
            }
        }
        return send(
                "PATCH", path + "/card", "{\"position\":\"Buyer %d\",\"occurredAt\":\"%s\"}".formatted(n, at), true);
    }

    private void measureLag(String customer, long version) {
        long acknowledged = System.nanoTime();
        HttpResponse<String> response =
                get("/api/v1/customers/" + customer + "/timeline?limit=1&minVersion=" + version);
        long elapsed = System.nanoTime() - acknowledged;
        if (response.statusCode() == 200) {
            lag.recordValue(elapsed);
        } else if (response.statusCode() == 503) {
            // the read gave up waiting: the sample is recorded with the time waited, so percentiles
            // that reach such samples are lower bounds (reported as lagTimedOut)
            lag.recordValue(elapsed);
            lagTimeouts.incrementAndGet();
        } else {
            errors.incrementAndGet();
        }
    }

    /**
     * Replays every projection from the start of the store at once and waits until all are at the head.
     *
     * @return the seconds that took
     */
    private double replayAll() throws Exception {
        long start = System.nanoTime();
        if (rebuildOutsideProcessors()) {
            // --rebuild=true: one pass over the stream for all read models, outside the processors (ADR 0024)
            send("POST", "/api/v1/admin/read-models/rebuild", null, false);
            JsonNode state =
                    JSON.readTree(get("/api/v1/admin/read-models/rebuild").body());
            while (state.path("state").asText().equals("RUNNING")) {
                Thread.sleep(250);
                state = JSON.readTree(get("/api/v1/admin/read-models/rebuild").body());
            }
            if (!state.path("state").asText().equals("DONE")) {
                throw new IllegalStateException("the rebuild ended " + state);
            }
            waitForProjections(Duration.ofMinutes(60));
            return (System.nanoTime() - start) / 1e9;
        }
        for (JsonNode processor : processors()) {
            String name = processor.get("name").asText();
            // the departure process and the erasure follow-through act on events once and cannot be reset
            if (!name.equals("rep-departures") && !name.equals("personal-data-erasure")) {
                send("POST", "/api/v1/admin/processors/" + name + "/replay", null, false);
            }
        }
        waitForProjections(Duration.ofMinutes(60));
        return (System.nanoTime() - start) / 1e9;
    }

    private boolean rebuildOutsideProcessors() {
        return Boolean.parseBoolean(settings.getOrDefault("rebuild", "false"));
    }

    private void waitForProjections(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean caughtUp = true;
            for (JsonNode processor : processors()) {
                // Axon keeps a replay token "replaying" until an event newer than the reset point
                // arrives, so being caught up is judged by position alone
                if (!processor.hasNonNull("lag") || processor.path("lag").asLong() > 0) {
                    caughtUp = false;
                }
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("projections did not catch up within " + timeout);
    }

    private List<JsonNode> processors() {
        try {
            List<JsonNode> list = new ArrayList<>();
            JSON.readTree(get("/api/v1/admin/processors").body()).forEach(list::add);
            return list;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long head() {
        return processors().stream()
                        .mapToLong(p -> p.path("head").asLong())
                        .max()
                        .orElse(0)
                + 1;
    }

    /**
     * Sends one command as an internal app would: a 503 {@code read-models-behind} (back-pressure) is
     * retried after its {@code Retry-After}, and the recorded latency runs from the first attempt to
     * the final answer.
     */
    private JsonNode send(String method, String path, String body, boolean timed) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            for (int attempt = 1; attempt < 600 && isThrottled(response); attempt++) {
                throttled.incrementAndGet();
                Thread.sleep(1000L
                        * Long.parseLong(
                                response.headers().firstValue("Retry-After").orElse("1")));
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            }
            if (timed) {
                commandLatency.recordValue(System.nanoTime() - t0);
            }
            if (response.statusCode() >= 300) {
                if (errors.incrementAndGet() <= 10) {
                    log("%s %s -> %d %s", method, path, response.statusCode(), response.body());
                }
                return null;
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            errors.incrementAndGet();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isThrottled(HttpResponse<String> response) {
        return response.statusCode() == 503 && response.body().contains("read-models-behind");
    }

    private HttpResponse<String> get(String path) {
        try {
            return client.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", authorization)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code count} bounded tasks on {@code threads} workers, each with its own random source. */
    private interface Task {
        void run(long index, SplittableRandom random);
    }

    private static void parallel(int threads, long count, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(42 + t);
            workers.add(pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.run(i, random);
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static void log(String format, Object... args) {
        System.err.printf("[%s] %s%n", Instant.now(), format.formatted(args));
    }
}
