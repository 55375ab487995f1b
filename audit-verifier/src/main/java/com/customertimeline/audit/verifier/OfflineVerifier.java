package com.customertimeline.audit.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The auditor's own check, run away from the service: {@code java -jar audit-verifier.jar --export
 * events.ndjson[.gz] --checkpoint checkpoints.json --public-key key.pem}. It trusts nothing the
 * service says about itself: every hash is recomputed from the exported bytes, every chain is
 * followed, the Merkle root of every checkpoint is rebuilt from the recomputed events and its
 * signature checked with the public key the auditor obtained beforehand. Exit code 0 only for a clean
 * export; 1 when defects were found; 2 for a usage error.
 *
 * <p>The export must be complete (no filters): a checkpoint covers every event up to its size, and a
 * filtered export cannot reproduce its root.
 */
public final class OfflineVerifier {

    private OfflineVerifier() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the verifier; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path export = null;
        Path checkpoints = null;
        Path publicKey = null;
        Duration grace = ChainChecker.DEFAULT_GRACE;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--export" -> export = Path.of(args[++i]);
                    case "--checkpoint", "--checkpoints" -> checkpoints = Path.of(args[++i]);
                    case "--public-key" -> publicKey = Path.of(args[++i]);
                    case "--grace-seconds" -> grace = Duration.ofSeconds(Long.parseLong(args[++i]));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (export == null || checkpoints == null || publicKey == null) {
                throw new IllegalArgumentException("--export, --checkpoint and --public-key are required");
            }
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            err.println("usage: java -jar audit-verifier.jar --export events.ndjson[.gz]"
                    + " --checkpoint checkpoints.json --public-key key.pem [--grace-seconds 300]");
            return 2;
        }
        try {
            PublicKey key = Keys.fromPem(Files.readString(publicKey));
            List<SignedCheckpoint> signed = ExportFormat.checkpoints(Files.readString(checkpoints));
            ChainChecker.Report report = verify(export, signed, key, grace);
            print(report, out);
            return report.clean() ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    /** Verifies an export file (gzip recognised by its magic bytes) against the checkpoints and key. */
    public static ChainChecker.Report verify(
            Path export, List<SignedCheckpoint> checkpoints, PublicKey key, Duration grace) throws IOException {
        ChainChecker checker = new ChainChecker(checkpoints, key, grace);
        List<Defect> malformed = new java.util.ArrayList<>();
        try (InputStream in = open(export);
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                ChainRecord record;
                try {
                    record = ExportFormat.read(line);
                } catch (IllegalArgumentException e) {
                    malformed.add(new Defect(
                            Defect.Kind.MALFORMED_EXPORT, null, null, null, "line " + number + ": " + e.getMessage()));
                    continue;
                }
                checker.accept(record);
            }
        }
        ChainChecker.Report report = checker.finish();
        if (malformed.isEmpty()) {
            return report;
        }
        List<Defect> all = new java.util.ArrayList<>(malformed);
        all.addAll(report.defects());
        return new ChainChecker.Report(
                report.checked(),
                report.streams(),
                report.streamsIntact(),
                report.defectCount() + malformed.size(),
                all,
                report.checkpoints(),
                report.resealed());
    }

    private static InputStream open(Path export) throws IOException {
        InputStream in = new java.io.BufferedInputStream(Files.newInputStream(export));
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static void print(ChainChecker.Report report, PrintStream out) {
        out.println("records checked: " + report.checked());
        out.println("streams: " + report.streams() + ", intact: " + report.streamsIntact());
        if (report.resealed() > 0) {
            out.println("re-sealed (payload replaced under a signed re-seal record): " + report.resealed());
        }
        for (ChainChecker.CheckpointResult checkpoint : report.checkpoints()) {
            out.println("checkpoint " + checkpoint.id() + " (" + checkpoint.treeSize() + " events): "
                    + (checkpoint.intact() ? "verified" : "MISMATCH"));
        }
        for (Defect defect : report.defects()) {
            out.println("DEFECT " + defect.kind().code()
                    + (defect.aggregateId() == null ? "" : " stream=" + defect.aggregateId())
                    + (defect.sequence() == null ? "" : " sequence=" + defect.sequence())
                    + (defect.position() == null ? "" : " position=" + defect.position())
                    + ": " + defect.detail());
        }
        if (report.defectCount() > report.defects().size()) {
            out.println("... and " + (report.defectCount() - report.defects().size()) + " more defects");
        }
        out.println(report.clean() ? "RESULT: clean" : "RESULT: " + report.defectCount() + " defect(s)");
    }
}
