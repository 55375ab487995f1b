package com.customertimeline.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline verifier against hostile exports: each forgery must fail, with the right location. */
class OfflineVerifierTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path dir;

    private SyntheticStore store;
    private SignedCheckpoint checkpoint;

    @BeforeEach
    void history() {
        store = new SyntheticStore();
        for (int i = 0; i < 12; i++) {
            String stream = "cust-" + (i % 3);
            store.append(
                    stream,
                    "{\"customerId\":\"" + stream + "\",\"note\":\"visit " + i + " — café\",\"n\":" + i + "}",
                    "{\"actor\":\"rep-" + i + "\",\"correlationId\":\"c-" + i + "\"}",
                    T0.plusSeconds(i));
        }
        checkpoint = store.seal(1, T0.plusSeconds(3600));
    }

    private ChainChecker.Report verify(List<String> lines, List<SignedCheckpoint> checkpoints) throws IOException {
        Path export = dir.resolve("events.ndjson");
        Files.write(export, lines, StandardCharsets.UTF_8);
        return OfflineVerifier.verify(export, checkpoints, store.keys.getPublic(), ChainChecker.DEFAULT_GRACE);
    }

    private List<Defect.Kind> kinds(ChainChecker.Report report) {
        return report.defects().stream().map(Defect::kind).toList();
    }

    @Test
    void anUntouchedExportVerifiesCleanThroughTheCommandLine() throws IOException {
        Path export = dir.resolve("events.ndjson.gz");
        try (var gzip = new PrintStream(new GZIPOutputStream(Files.newOutputStream(export)), false, "UTF-8")) {
            store.export().forEach(gzip::println);
        }
        Path checkpoints = dir.resolve("checkpoints.json");
        Files.writeString(checkpoints, "{\"items\":[" + json(checkpoint) + "]}");
        Path key = dir.resolve("key.pem");
        Files.writeString(key, Keys.toPem(store.keys.getPublic()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = OfflineVerifier.run(
                new String[] {
                    "--export",
                    export.toString(),
                    "--checkpoint",
                    checkpoints.toString(),
                    "--public-key",
                    key.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("records checked: 12")
                .contains("checkpoint 1 (12 events): verified")
                .contains("RESULT: clean");
        assertThat(exit).isZero();
    }

    @Test
    void aForgedExportWhoseHashesAreAllConsistentStillDisagreesWithTheCheckpoint() throws IOException {
        // the forger rewrites one payload of cust-1 and recomputes that stream's whole chain, every
        // digest and every hash, keeping the leaf indexes: each line checks out on its own
        SyntheticStore forged = new SyntheticStore();
        byte[] previous = null;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < store.events.size(); i++) {
            StoredEvent e = store.events.get(i);
            ChainLink l = store.links.get(i);
            if (!e.aggregateId().equals("cust-1")) {
                lines.add(SyntheticStore.line(e, l));
                continue;
            }
            String payload = new String(e.payload(), StandardCharsets.UTF_8).replace("visit", "refund");
            StoredEvent changed = new StoredEvent(
                    e.position(),
                    e.eventId(),
                    e.aggregateType(),
                    e.aggregateId(),
                    e.sequence(),
                    e.recordedAt(),
                    e.payloadType(),
                    e.payloadRevision(),
                    payload.getBytes(StandardCharsets.UTF_8),
                    e.metadata());
            forged.link(changed, previous, l.leafIndex());
            ChainLink relinked = forged.links.get(forged.links.size() - 1);
            previous = relinked.hash();
            lines.add(SyntheticStore.line(changed, relinked));
        }
        ChainChecker.Report report = verify(lines, List.of(checkpoint));
        assertThat(kinds(report)).containsExactly(Defect.Kind.CHECKPOINT_MISMATCH);
        assertThat(report.defects().get(0).detail()).contains("do not reproduce the signed Merkle root");
        assertThat(report.checkpoints().get(0).intact()).isFalse();
        // every chain on its own is intact: only the checkpoint tells
        assertThat(report.streamsIntact()).isEqualTo(3);
    }

    @Test
    void aForgedSignatureIsRefused() throws IOException {
        byte[] signature = checkpoint.signature().clone();
        signature[10] ^= 0x40;
        SignedCheckpoint forged = new SignedCheckpoint(
                checkpoint.id(), checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.createdAt(), signature);
        ChainChecker.Report report = verify(store.export(), List.of(forged));
        assertThat(kinds(report)).containsExactly(Defect.Kind.CHECKPOINT_MISMATCH);
        assertThat(report.defects().get(0).detail()).contains("signature");
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRefused() throws Exception {
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SignedCheckpoint resigned = new SignedCheckpoint(
                1,
                checkpoint.treeSize(),
                checkpoint.rootHash(),
                checkpoint.createdAt(),
                SignedCheckpoint.sign(
                        other.getPrivate(), checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.createdAt()));
        assertThat(kinds(verify(store.export(), List.of(resigned)))).containsExactly(Defect.Kind.CHECKPOINT_MISMATCH);
    }

    @Test
    void aTruncatedExportIsRefused() throws IOException {
        List<String> lines = new ArrayList<>(store.export());
        List<String> shorter = lines.subList(0, 10);
        ChainChecker.Report report = verify(shorter, List.of(checkpoint));
        assertThat(kinds(report)).containsExactly(Defect.Kind.CHECKPOINT_MISMATCH);
        assertThat(report.defects().get(0).detail()).contains("no event holds leaf 10");

        List<String> cut = new ArrayList<>(lines);
        cut.set(11, cut.get(11).substring(0, 80));
        ChainChecker.Report cutReport = verify(cut, List.of(checkpoint));
        assertThat(kinds(cutReport)).contains(Defect.Kind.MALFORMED_EXPORT, Defect.Kind.CHECKPOINT_MISMATCH);
    }

    @Test
    void aReorderedExportIsRefusedAtTheLineOutOfOrder() throws IOException {
        List<String> lines = new ArrayList<>(store.export());
        String fourth = lines.get(4);
        lines.set(4, lines.get(7));
        lines.set(7, fourth);
        ChainChecker.Report report = verify(lines, List.of(checkpoint));
        assertThat(report.defects()).anySatisfy(d -> {
            assertThat(d.kind()).isEqualTo(Defect.Kind.EVENTS_REORDERED);
            assertThat(d.position()).isEqualTo(store.events.get(4).position());
            assertThat(d.aggregateId()).isEqualTo("cust-1");
        });
        assertThat(report.clean()).isFalse();
    }

    @Test
    void aChangedPayloadByteIsFoundAtItsStreamAndSequence() throws IOException {
        List<String> lines = new ArrayList<>(store.export());
        lines.set(5, lines.get(5).replace("visit 5", "visit 6"));
        ChainChecker.Report report = verify(lines, List.of(checkpoint));
        assertThat(kinds(report)).containsExactly(Defect.Kind.PAYLOAD_CHANGED);
        assertThat(report.defects().get(0).aggregateId()).isEqualTo("cust-2");
        assertThat(report.defects().get(0).sequence()).isEqualTo(1L);
    }

    @Test
    void aDroppedLineInTheMiddleIsAMissingEventAndAMissingLeaf() throws IOException {
        List<String> lines = new ArrayList<>(store.export());
        lines.remove(4); // cust-1, sequence 1
        ChainChecker.Report report = verify(lines, List.of(checkpoint));
        assertThat(report.defects()).anySatisfy(d -> {
            assertThat(d.kind()).isEqualTo(Defect.Kind.EVENT_MISSING);
            assertThat(d.aggregateId()).isEqualTo("cust-1");
            assertThat(d.sequence()).isEqualTo(1L);
        });
        assertThat(kinds(report)).contains(Defect.Kind.CHECKPOINT_MISMATCH);
    }

    @Test
    void aBackdatedEventAppendedAfterTheCheckpointIsInserted() throws IOException {
        List<String> lines = new ArrayList<>(store.export());
        StoredEvent forged = new StoredEvent(
                900,
                "ev-forged",
                "Customer",
                "cust-0",
                4,
                T0.plusSeconds(30).toString(),
                "com.example.Happened",
                null,
                "{\"note\":\"never happened\"}".getBytes(StandardCharsets.UTF_8),
                null);
        ChainLink head = store.links.get(9); // cust-0's last event
        store.link(forged, head.hash(), null);
        lines.add(SyntheticStore.line(forged, store.links.get(store.links.size() - 1)));
        ChainChecker.Report report = verify(lines, List.of(checkpoint));
        assertThat(kinds(report)).containsExactly(Defect.Kind.EVENT_INSERTED);
        assertThat(report.defects().get(0).sequence()).isEqualTo(4L);
        // the same event recorded after the checkpoint is just news
        Duration longGrace = Duration.ofDays(1);
        Path export = dir.resolve("late.ndjson");
        Files.write(export, lines);
        assertThat(OfflineVerifier.verify(export, List.of(checkpoint), store.keys.getPublic(), longGrace)
                        .clean())
                .isTrue();
    }

    @Test
    void payloadsThatAreNotJsonTravelAsBase64AndStillVerify() throws IOException {
        store.append("cust-9", "not json \n at all", null, T0.plusSeconds(3700));
        List<String> lines = store.export();
        assertThat(lines.get(lines.size() - 1)).contains("payloadBase64");
        assertThat(verify(lines, List.of(checkpoint)).clean()).isTrue();
    }

    static String json(SignedCheckpoint c) {
        return "{\"id\":" + c.id() + ",\"treeSize\":" + c.treeSize() + ",\"rootHash\":\""
                + HexFormat.of().formatHex(c.rootHash()) + "\",\"createdAt\":\"" + c.createdAt()
                + "\",\"signature\":\"" + Base64.getEncoder().encodeToString(c.signature()) + "\"}";
    }
}
