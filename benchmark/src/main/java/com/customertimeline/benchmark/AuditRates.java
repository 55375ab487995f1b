package com.customertimeline.benchmark;

import com.customertimeline.audit.chain.EventChain;
import com.customertimeline.audit.export.EventExport;
import com.customertimeline.audit.store.StoredHistory;
import com.customertimeline.audit.verifier.ChainChecker;
import com.customertimeline.audit.verifier.EventHasher;
import com.customertimeline.audit.verifier.Merkle;
import com.customertimeline.audit.verifier.OfflineVerifier;
import com.customertimeline.audit.verifier.SignedCheckpoint;
import com.customertimeline.eventstore.EmbeddedPostgresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The auditor's tools at scale (issue 13): a store of {@code events} events on the embedded default's own
 * PostgreSQL (by default 1,000,000 in 10,000 streams, payloads and metadata shaped like the service's,
 * every event chained and sealed under one signed checkpoint), then the export (NDJSON to a file, and
 * gzip), the online verification and the offline verifier over that file, each timed; run it with
 * {@code -Xmx256m} to show the export and the checks stream in constant memory. The HTTP layer is not
 * part of it: the export endpoint writes {@link EventExport}'s bytes to the response unchanged.
 */
public final class AuditRates {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                settings.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        int events = Integer.parseInt(settings.getOrDefault("events", "1000000"));
        int streams = Integer.parseInt(settings.getOrDefault("streams", "10000"));
        Path dir = Files.createTempDirectory("audit-rates");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("events", events);
        report.put("streams", streams);
        report.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1 << 20));
        try (EmbeddedPostgresServer server =
                EmbeddedPostgresServer.start(dir.resolve("data"), Map.of(), Duration.ofSeconds(60))) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(server.jdbcUrl());
            dataSource.setUser(server.user());
            long t0 = System.nanoTime();
            SignedCheckpoint checkpoint;
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            try (Connection connection = dataSource.getConnection()) {
                PostgresEventTableFactory.INSTANCE
                        .createDomainEventTable(connection, new EventSchema())
                        .execute();
                EventChain.createSchema(connection);
                checkpoint = load(connection, events, streams, keys);
            }
            report.put("loadSeconds", seconds(t0));

            StoredHistory history = new StoredHistory(dataSource);
            EventExport export = new EventExport(history);
            EventExport.Filter everything = new EventExport.Filter(null, null, null, Set.of());
            Path file = dir.resolve("events.ndjson");
            resetPeaks();
            long t1 = System.nanoTime();
            long lines;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                lines = export.write(StoredHistory.Selection.everything(), everything, EventExport.Format.NDJSON, out);
            }
            double exportSeconds = seconds(t1);
            report.put("exportLines", lines);
            report.put("exportEventsPerSecond", Math.round(lines / exportSeconds));
            report.put("exportFileMb", Files.size(file) / (1 << 20));
            report.put("exportOldGenPeakMb", peakHeapMb());

            resetPeaks();
            long t2 = System.nanoTime();
            try (OutputStream out = new GZIPOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(dir.resolve("events.ndjson.gz")), 1 << 16),
                    1 << 16)) {
                export.write(StoredHistory.Selection.everything(), everything, EventExport.Format.NDJSON, out);
            }
            report.put("gzipExportEventsPerSecond", Math.round(lines / seconds(t2)));
            report.put("gzipFileMb", Files.size(dir.resolve("events.ndjson.gz")) / (1 << 20));

            long tw = System.nanoTime();
            long walked = history.walk(StoredHistory.Selection.everything(), record -> true);
            report.put("readOnlyEventsPerSecond", Math.round(walked / seconds(tw)));

            resetPeaks();
            long t3 = System.nanoTime();
            ChainChecker checker = new ChainChecker(List.of(checkpoint), keys.getPublic(), ChainChecker.DEFAULT_GRACE);
            history.walkAhead(StoredHistory.Selection.everything(), record -> {
                checker.accept(record);
                return true;
            });
            ChainChecker.Report online = checker.finish();
            double onlineSeconds = seconds(t3);
            report.put("verificationClean", online.clean());
            report.put("verificationRecords", online.checked());
            report.put("verificationEventsPerSecond", Math.round(online.checked() / onlineSeconds));
            report.put("verificationOldGenPeakMb", peakHeapMb());

            resetPeaks();
            long t4 = System.nanoTime();
            ChainChecker.Report offline =
                    OfflineVerifier.verify(file, List.of(checkpoint), keys.getPublic(), ChainChecker.DEFAULT_GRACE);
            report.put("offlineClean", offline.clean());
            report.put("offlineEventsPerSecond", Math.round(offline.checked() / seconds(t4)));
            report.put("offlineOldGenPeakMb", peakHeapMb());
        } finally {
            deleteTree(dir);
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    /** Inserts the events with their chain rows and leaves, as the service would have, and signs a checkpoint. */
    private static SignedCheckpoint load(Connection connection, int events, int streams, KeyPair keys)
            throws Exception {
        connection.setAutoCommit(false);
        EventHasher hasher = new EventHasher();
        Merkle.RootBuilder tree = new Merkle.RootBuilder();
        byte[][] heads = new byte[streams][];
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        String payloadType = "com.customertimeline.domain.customer.InteractionRecorded";
        try (PreparedStatement event = connection.prepareStatement(
                        "INSERT INTO domainevententry"
                                + " (globalindex, eventidentifier, type, aggregateidentifier, sequencenumber, timestamp,"
                                + " payloadtype, payloadrevision, payload, metadata) VALUES (?, ?, 'Customer', ?, ?, ?, ?, '1', ?, ?)");
                PreparedStatement chain = connection.prepareStatement("INSERT INTO event_chain ("
                        + EventChain.CHAIN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < events; i++) {
                int stream = i % streams;
                long sequence = i / streams;
                String customer = "cust-" + stream;
                String eventId = UUID.randomUUID().toString();
                String recordedAt = start.plusMillis(i * 10L).toString();
                byte[] payload = ("{\"customerId\":\"" + customer + "\",\"interactionId\":\"i-" + i
                                + "\",\"channel\":\"PHONE\",\"direction\":\"INBOUND\",\"repId\":\"rep-" + (stream % 50)
                                + "\",\"summary\":\"Asked about the delivery date of order " + i
                                + " and the invoice address; promised a call back\",\"satisfaction\":"
                                + (1 + i % 5) + ",\"followUp\":null,\"occurredAt\":\"" + recordedAt + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] metadata = ("{\"actor\":\"client:crm-app\",\"actorKind\":\"CLIENT\",\"actorRoles\":\"APP\","
                                + "\"onBehalfOf\":null,\"idempotencyKey\":\"" + eventId + "\",\"correlationId\":\""
                                + UUID.randomUUID() + "\",\"traceId\":\"" + UUID.randomUUID() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                event.setLong(1, i + 1);
                event.setString(2, eventId);
                event.setString(3, customer);
                event.setLong(4, sequence);
                event.setString(5, recordedAt);
                event.setString(6, payloadType);
                event.setBytes(7, payload);
                event.setBytes(8, metadata);
                event.addBatch();
                byte[] payloadDigest = hasher.digest(payload);
                byte[] metadataDigest = hasher.digest(metadata);
                byte[] hash = hasher.hash(
                        eventId,
                        "Customer",
                        customer,
                        sequence,
                        recordedAt,
                        payloadType,
                        "1",
                        payloadDigest,
                        metadataDigest,
                        heads[stream]);
                chain.setLong(1, i + 1);
                chain.setString(2, eventId);
                chain.setString(3, customer);
                chain.setLong(4, sequence);
                chain.setInt(5, EventHasher.VERSION);
                chain.setBytes(6, hash);
                chain.setBytes(7, heads[stream]);
                chain.setBytes(8, payloadDigest);
                chain.setBytes(9, metadataDigest);
                chain.setLong(10, i);
                chain.addBatch();
                heads[stream] = hash;
                tree.add(hash);
                if ((i + 1) % 5_000 == 0 || i == events - 1) {
                    event.executeBatch();
                    chain.executeBatch();
                    connection.commit();
                }
            }
        }
        connection.setAutoCommit(true);
        Instant createdAt = start.plusMillis(events * 10L).plusSeconds(1);
        byte[] root = tree.root();
        return new SignedCheckpoint(
                1, events, root, createdAt, SignedCheckpoint.sign(keys.getPrivate(), events, root, createdAt));
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /**
     * The old generation's peak since the last reset: what outlived the young collections, so what a
     * step kept (a step that held the history would grow it with the history). The young generation is
     * only an allocation buffer; the whole heap is capped by {@code -Xmx}.
     */
    private static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old Gen")) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1 << 20);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
