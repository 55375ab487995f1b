package com.customertimeline.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A store built the way the service builds it (hash on append, leaves sealed in order, signed checkpoint). */
final class SyntheticStore {

    final KeyPair keys;
    final List<StoredEvent> events = new ArrayList<>();
    final List<ChainLink> links = new ArrayList<>();
    private final Map<String, byte[]> heads = new LinkedHashMap<>();
    private final Map<String, Long> sequences = new LinkedHashMap<>();
    private final EventHasher hasher = new EventHasher();
    private long position = 100;

    SyntheticStore() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void append(String stream, String payloadJson, String metadataJson, Instant recordedAt) {
        long sequence = sequences.merge(stream, 1L, Long::sum) - 1;
        StoredEvent event = new StoredEvent(
                position,
                "ev-" + position,
                "Customer",
                stream,
                sequence,
                recordedAt.toString(),
                "com.example.Happened",
                null,
                payloadJson.getBytes(StandardCharsets.UTF_8),
                metadataJson == null ? null : metadataJson.getBytes(StandardCharsets.UTF_8));
        link(event, heads.get(stream), null);
        position += 3; // positions have gaps, as a sequence's do
    }

    /** Appends the event with a freshly computed link, as the service (or a forger who knows the rules) would. */
    void link(StoredEvent event, byte[] previous, Long leafIndex) {
        byte[] pd = hasher.digest(event.payload());
        byte[] md = hasher.digest(event.metadata());
        byte[] hash = hasher.hash(
                event.eventId(),
                event.aggregateType(),
                event.aggregateId(),
                event.sequence(),
                event.recordedAt(),
                event.payloadType(),
                event.payloadRevision(),
                pd,
                md,
                previous);
        events.add(event);
        links.add(new ChainLink(
                event.position(),
                event.eventId(),
                event.aggregateId(),
                event.sequence(),
                EventHasher.VERSION,
                hash,
                previous,
                pd,
                md,
                leafIndex));
        heads.put(event.aggregateId(), hash);
    }

    /** Seals every event in position order and signs a checkpoint over them. */
    SignedCheckpoint seal(long id, Instant at) {
        Merkle.RootBuilder root = new Merkle.RootBuilder();
        for (int i = 0; i < links.size(); i++) {
            ChainLink l = links.get(i);
            links.set(i, withLeaf(l, (long) i));
            root.add(l.hash());
        }
        byte[] rootHash = root.root();
        return new SignedCheckpoint(
                id, links.size(), rootHash, at, SignedCheckpoint.sign(keys.getPrivate(), links.size(), rootHash, at));
    }

    static ChainLink withLeaf(ChainLink l, Long leaf) {
        return new ChainLink(
                l.position(),
                l.eventId(),
                l.aggregateId(),
                l.sequence(),
                l.version(),
                l.hash(),
                l.previousHash(),
                l.payloadDigest(),
                l.metadataDigest(),
                leaf);
    }

    /** The export lines, as the service writes them. */
    List<String> export() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            lines.add(line(events.get(i), links.get(i)));
        }
        return lines;
    }

    static String line(StoredEvent e, ChainLink l) {
        HexFormat hex = HexFormat.of();
        StringBuilder out = new StringBuilder("{");
        out.append("\"position\":").append(e.position());
        out.append(",\"eventId\":\"").append(e.eventId()).append('"');
        out.append(",\"aggregateType\":\"").append(e.aggregateType()).append('"');
        out.append(",\"aggregateId\":\"").append(e.aggregateId()).append('"');
        out.append(",\"sequence\":").append(e.sequence());
        out.append(",\"eventType\":\"").append(e.payloadType()).append('"');
        out.append(",\"revision\":null");
        out.append(",\"recordedAt\":\"").append(e.recordedAt()).append('"');
        String payload = ExportFormat.embeddable(e.payload());
        if (payload != null) {
            out.append(",\"payload\":").append(payload);
        } else {
            out.append(",\"payloadBase64\":\"")
                    .append(java.util.Base64.getEncoder().encodeToString(e.payload()))
                    .append('"');
        }
        out.append(",\"metadata\":")
                .append(e.metadata() == null ? "null" : new String(e.metadata(), StandardCharsets.UTF_8));
        out.append(",\"hash\":\"").append(hex.formatHex(l.hash())).append('"');
        out.append(",\"previousHash\":")
                .append(l.previousHash() == null ? "null" : "\"" + hex.formatHex(l.previousHash()) + "\"");
        out.append(",\"payloadDigest\":\"")
                .append(hex.formatHex(l.payloadDigest()))
                .append('"');
        out.append(",\"metadataDigest\":")
                .append(l.metadataDigest() == null ? "null" : "\"" + hex.formatHex(l.metadataDigest()) + "\"");
        out.append(",\"chainSequence\":").append(l.sequence());
        out.append(",\"leafIndex\":").append(l.leafIndex());
        out.append(",\"hashVersion\":").append(l.version());
        return out.append('}').toString();
    }
}
