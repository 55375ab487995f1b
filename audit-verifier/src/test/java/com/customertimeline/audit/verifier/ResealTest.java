package com.customertimeline.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A payload replaced in place verifies only with a signed re-seal that matches the chain and the stored bytes. */
class ResealTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String RESEALED_AT = "2026-12-05T10:00:00Z";
    private static final String REASON = "personal texts encrypted in place";
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private SyntheticStore store;
    private SignedCheckpoint checkpoint;
    private final EventHasher hasher = new EventHasher();

    @BeforeEach
    void history() {
        store = new SyntheticStore();
        for (int i = 0; i < 6; i++) {
            store.append(
                    "cust-" + (i % 2),
                    "{\"customerId\":\"cust-" + (i % 2) + "\",\"summary\":\"Wang Fang asked " + i + "\",\"n\":" + i
                            + "}",
                    "{\"actor\":\"rep-1\"}",
                    T0.plusSeconds(i));
        }
        checkpoint = store.seal(1, T0.plusSeconds(3600));
    }

    @Test
    void aPayloadReplacedUnderASignedResealVerifiesCleanAndIsCounted() throws IOException {
        ChainChecker.Report report = verify(resealed(3, store.keys.getPrivate(), null, null));

        assertThat(report.defects()).isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.resealed()).isEqualTo(1);
        assertThat(report.checkpoints()).allSatisfy(c -> assertThat(c.intact()).isTrue());
    }

    @Test
    void aResealSignedByAnotherKeyIsAChangedPayload() throws Exception {
        PrivateKey other =
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();

        ChainChecker.Report report = verify(resealed(3, other, null, null));

        assertThat(report.defects()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Defect.Kind.PAYLOAD_CHANGED);
            assertThat(d.position()).isEqualTo(store.events.get(3).position());
            assertThat(d.detail()).contains("not signed by the service key");
        });
        assertThat(report.resealed()).isZero();
    }

    @Test
    void aResealOfAnotherOldPayloadIsAChangedPayload() throws IOException {
        byte[] someOtherDigest = hasher.digest("{}".getBytes(StandardCharsets.UTF_8));

        ChainChecker.Report report = verify(resealed(3, store.keys.getPrivate(), someOtherDigest, null));

        assertThat(report.defects()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Defect.Kind.PAYLOAD_CHANGED);
            assertThat(d.detail()).contains("another payload than the one the chain holds");
        });
    }

    @Test
    void aPayloadChangedAgainAfterItsResealIsAChangedPayload() throws IOException {
        List<String> lines = resealed(3, store.keys.getPrivate(), null, null);
        lines.set(3, lines.get(3).replace("pd1:cust-1:", "pd1:cust-0:"));

        ChainChecker.Report report = verify(lines);

        assertThat(report.defects()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Defect.Kind.PAYLOAD_CHANGED);
            assertThat(d.detail()).contains("another payload than the one stored");
        });
    }

    @Test
    void aResealWhoseReasonWasEditedInTheExportNoLongerVerifies() throws IOException {
        List<String> lines = resealed(3, store.keys.getPrivate(), null, null);
        lines.set(3, lines.get(3).replace(REASON, "routine maintenance"));

        assertThat(verify(lines).defects()).singleElement().satisfies(d -> assertThat(d.kind())
                .isEqualTo(Defect.Kind.PAYLOAD_CHANGED));
    }

    @Test
    void theSameChangeWithoutAResealIsAChangedPayload() throws IOException {
        List<String> lines = new ArrayList<>(store.export());
        lines.set(3, lines.get(3).replace("Wang Fang asked 3", "pd1:cust-1:c2VhbGVk"));

        assertThat(verify(lines).defects()).singleElement().satisfies(d -> assertThat(d.kind())
                .isEqualTo(Defect.Kind.PAYLOAD_CHANGED));
    }

    @Test
    void aResealSignedOverAnotherNewPayloadIsAChangedPayload() throws IOException {
        byte[] someOtherDigest = hasher.digest("{\"summary\":\"pd1:cust-1:b3RoZXI\"}".getBytes(StandardCharsets.UTF_8));

        ChainChecker.Report report = verify(resealed(3, store.keys.getPrivate(), null, someOtherDigest));

        assertThat(report.defects()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Defect.Kind.PAYLOAD_CHANGED);
            assertThat(d.aggregateId()).isEqualTo("cust-1");
            assertThat(d.sequence()).isEqualTo(1L);
            assertThat(d.detail()).contains("another payload than the one stored");
        });
        assertThat(report.resealed()).isZero();
    }

    @Test
    void aResealOfAPayloadThatWasNotChangedIsIgnored() throws IOException {
        List<String> lines = resealed(3, store.keys.getPrivate(), null, null);
        String unchanged = store.export().get(3);
        String reseal = lines.get(3).substring(lines.get(3).indexOf(",\"reseal\":"));
        lines.set(3, unchanged.substring(0, unchanged.length() - 1) + reseal);

        ChainChecker.Report report = verify(lines);

        assertThat(report.defects()).isEmpty();
        assertThat(report.resealed()).isZero();
    }

    @Test
    void theExportLineCarriesTheResealIntact() {
        StoredEvent event = store.events.get(3);
        String line = resealed(3, store.keys.getPrivate(), null, null).get(3);

        ChainRecord record = ExportFormat.read(line);

        Reseal reseal = record.reseal();
        assertThat(reseal).isNotNull();
        assertThat(reseal.eventId()).isEqualTo(event.eventId());
        assertThat(reseal.oldPayloadDigest()).isEqualTo(hasher.digest(event.payload()));
        assertThat(reseal.newPayloadDigest())
                .isEqualTo(hasher.digest(record.event().payload()));
        assertThat(reseal.newPayloadDigest()).isNotEqualTo(reseal.oldPayloadDigest());
        assertThat(reseal.resealedAt()).isEqualTo(RESEALED_AT);
        assertThat(reseal.reason()).isEqualTo(REASON);
        assertThat(reseal.statement())
                .isEqualTo(Reseal.HEADER + "\n" + event.eventId() + "\n" + HEX.formatHex(hasher.digest(event.payload()))
                        + "\n" + HEX.formatHex(reseal.newPayloadDigest()) + "\n" + RESEALED_AT + "\n" + REASON + "\n");
        assertThat(reseal.signedBy(store.keys.getPublic())).isTrue();
        assertThat(ExportFormat.read(store.export().get(3)).reseal())
                .as("a line without one")
                .isNull();
    }

    @Test
    void aMalformedResealMakesItsLineMalformed() throws IOException {
        List<String> lines = resealed(3, store.keys.getPrivate(), null, null);
        String line = lines.get(3);
        lines.set(3, line.substring(0, line.indexOf(",\"reseal\":")) + ",\"reseal\":\"trust me\"}");
        List<String> shortDigest = resealed(3, store.keys.getPrivate(), null, null);
        shortDigest.set(
                3, shortDigest.get(3).replaceFirst("\"oldPayloadDigest\":\"[0-9a-f]{2}", "\"oldPayloadDigest\":\""));

        assertThat(verify(lines).defects())
                .extracting(Defect::kind)
                .contains(Defect.Kind.MALFORMED_EXPORT)
                .doesNotContain(Defect.Kind.PAYLOAD_CHANGED);
        assertThat(verify(shortDigest).defects())
                .filteredOn(d -> d.kind() == Defect.Kind.MALFORMED_EXPORT)
                .singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("oldPayloadDigest"));
    }

    @Test
    void withoutAKeyOnlyTheDigestsOfAResealAreChecked() throws Exception {
        PrivateKey other =
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        ChainChecker checker = new ChainChecker(List.of(checkpoint), null, ChainChecker.DEFAULT_GRACE);
        resealed(3, other, null, null).forEach(line -> checker.accept(ExportFormat.read(line)));

        ChainChecker.Report report = checker.finish();

        assertThat(report.defects()).isEmpty();
        assertThat(report.resealed()).isEqualTo(1);
    }

    /**
     * The export with event {@code index}'s summary replaced by a sealed text and a re-seal record on its
     * line, signed by {@code signer}; {@code oldDigest} / {@code newDigest} override the digests signed.
     */
    private List<String> resealed(int index, PrivateKey signer, byte[] oldDigest, byte[] newDigest) {
        StoredEvent event = store.events.get(index);
        String before = new String(event.payload(), StandardCharsets.UTF_8);
        String after = before.replace("Wang Fang asked " + index, "pd1:" + event.aggregateId() + ":c2VhbGVk");
        byte[] old = oldDigest != null ? oldDigest : hasher.digest(event.payload());
        byte[] replaced = newDigest != null ? newDigest : hasher.digest(after.getBytes(StandardCharsets.UTF_8));
        byte[] signature = Reseal.sign(signer, event.eventId(), old, replaced, RESEALED_AT, REASON);
        String reseal = ",\"reseal\":{\"oldPayloadDigest\":\"" + HEX.formatHex(old) + "\",\"newPayloadDigest\":\""
                + HEX.formatHex(replaced) + "\",\"resealedAt\":\"" + RESEALED_AT + "\",\"reason\":\"" + REASON
                + "\",\"signature\":\"" + Base64.getEncoder().encodeToString(signature) + "\"}}";
        List<String> lines = new ArrayList<>(store.export());
        String line = lines.get(index).replace(before, after);
        assertThat(line).contains(after).endsWith("}");
        lines.set(index, line.substring(0, line.length() - 1) + reseal);
        return lines;
    }

    private ChainChecker.Report verify(List<String> lines) throws IOException {
        Path export = dir.resolve("events.ndjson");
        Files.write(export, lines, StandardCharsets.UTF_8);
        return OfflineVerifier.verify(export, List.of(checkpoint), store.keys.getPublic(), ChainChecker.DEFAULT_GRACE);
    }
}
