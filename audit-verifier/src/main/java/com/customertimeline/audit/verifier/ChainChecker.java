package com.customertimeline.audit.verifier;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a store, record by record in position order, against its own hash chains and the signed
 * checkpoints: the one set of rules shared by the service's online verification and the offline
 * verifier (ADR 0014). Memory is one small state per stream plus 32 bytes per event covered by the
 * newest checkpoint; everything else streams through.
 *
 * <p>Every event's payload and metadata digests and its hash are recomputed from the stored bytes and
 * compared with its chain link; each link's previous hash must be the hash of the stream's previous
 * link; chain links without events, events without chain links and events stored at another sequence
 * than they were appended at are reported with their stream and sequence. The recomputed leaves then
 * must reproduce every checkpoint's Merkle root, each checkpoint must carry the service's signature, and
 * an event recorded well before the newest checkpoint must be covered by it. A store rewritten so that
 * every chain is consistent again still fails the last two checks.
 *
 * <p>The one payload change that is not tampering is a {@link Reseal}: the service encrypting personal
 * texts stored before encryption existed (ADR 0017), which must not rewrite the chain or the checkpoints
 * auditors already hold. A changed payload is accepted only with a re-seal whose old digest is the chain
 * link's, whose new digest is the stored payload's and whose signature is the service key's; the event
 * is then hashed with the old digest, so its chain and leaf stay as signed, and it is counted in
 * {@link Report#resealed()} so that an auditor sees how many payloads were replaced.
 *
 * <p>Not thread-safe; one checker per verification.
 */
public final class ChainChecker {

    /** How long before a checkpoint an event may be recorded and still be sealed by a later one (a slow commit). */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    /** At most this many defects are listed; the count goes on. */
    public static final int MAX_LISTED = 10_000;

    private final List<SignedCheckpoint> checkpoints;
    private final PublicKey key;
    private final Duration grace;
    private final SignedCheckpoint latest;
    private final int coveredLeaves;
    private final byte[] leaves;
    private final BitSet present;
    private final EventHasher hasher = new EventHasher();
    private final Map<String, Stream> streams = new HashMap<>();
    private final List<Defect> defects = new ArrayList<>();
    private long defectCount;
    private long checked;
    private long resealed;
    private long lastPosition = Long.MIN_VALUE;

    private static final class Stream {
        long lastSequence = -1;
        byte[] lastHash;
        List<ChainLink> gone;
        boolean defective;
    }

    /**
     * @param checkpoints every checkpoint to check the store against (any order)
     * @param key the service's public key, or null to skip the signatures (the service's own check of
     *     a store it signed itself still checks them; only tests pass null)
     */
    public ChainChecker(List<SignedCheckpoint> checkpoints, PublicKey key, Duration grace) {
        this.checkpoints = checkpoints.stream()
                .sorted(Comparator.comparingLong(SignedCheckpoint::treeSize))
                .toList();
        this.key = key;
        this.grace = grace;
        this.latest = this.checkpoints.isEmpty() ? null : this.checkpoints.get(this.checkpoints.size() - 1);
        long max = latest == null ? 0 : latest.treeSize();
        if (max > Integer.MAX_VALUE / 32) {
            throw new IllegalArgumentException("a checkpoint of " + max + " events is beyond this verifier");
        }
        this.coveredLeaves = (int) max;
        this.leaves = new byte[coveredLeaves * 32];
        this.present = new BitSet(coveredLeaves);
    }

    /** Records checked so far (events and chain links whose event is gone). */
    public long checked() {
        return checked;
    }

    /** Checks the next record; records must come in increasing position order. */
    public void accept(ChainRecord record) {
        checked++;
        Stream stream = streams.computeIfAbsent(record.aggregateId(), id -> new Stream());
        StoredEvent event = record.event();
        ChainLink link = record.link();
        if (record.position() <= lastPosition) {
            defect(
                    stream,
                    Defect.Kind.EVENTS_REORDERED,
                    record.aggregateId(),
                    event != null ? event.sequence() : link.sequence(),
                    record.position(),
                    "position " + record.position() + " comes after position " + lastPosition
                            + ": the records are not in the order they were stored");
        }
        lastPosition = Math.max(lastPosition, record.position());
        if (link == null) {
            defect(
                    stream,
                    Defect.Kind.EVENT_INSERTED,
                    event.aggregateId(),
                    event.sequence(),
                    event.position(),
                    "an event the chain never recorded (event " + event.eventId() + ")");
            return;
        }
        link(stream, link);
        leaf(link);
        if (event == null) {
            if (stream.gone == null) {
                stream.gone = new ArrayList<>();
            }
            stream.gone.add(link);
            return;
        }
        if (stream.gone != null) {
            for (ChainLink gone : stream.gone) {
                defect(
                        stream,
                        Defect.Kind.EVENT_MISSING,
                        gone.aggregateId(),
                        gone.sequence(),
                        gone.position(),
                        "the chain recorded event " + gone.eventId() + " here; the event table no longer has it");
            }
            stream.gone = null;
        }
        checkEvent(stream, event, link, record.reseal());
        checkCovered(stream, event, link);
    }

    private void link(Stream stream, ChainLink link) {
        if (link.sequence() == stream.lastSequence + 1) {
            if (!EventHasher.same(link.previousHash(), stream.lastHash)) {
                defect(
                        stream,
                        Defect.Kind.CHAIN_BROKEN,
                        link.aggregateId(),
                        link.sequence(),
                        link.position(),
                        "the chain link's previous hash is not the hash of the stream's previous event");
            }
        } else if (link.sequence() > stream.lastSequence + 1) {
            defect(
                    stream,
                    Defect.Kind.EVENT_MISSING,
                    link.aggregateId(),
                    stream.lastSequence + 1,
                    link.position(),
                    "sequence " + (stream.lastSequence + 1)
                            + (link.sequence() - 1 > stream.lastSequence + 1 ? " to " + (link.sequence() - 1) : "")
                            + " absent from both the events and the chain");
        } else {
            defect(
                    stream,
                    Defect.Kind.CHAIN_BROKEN,
                    link.aggregateId(),
                    link.sequence(),
                    link.position(),
                    "a chain link for sequence " + link.sequence() + " after one for " + stream.lastSequence);
        }
        stream.lastSequence = Math.max(stream.lastSequence, link.sequence());
        stream.lastHash = link.hash();
    }

    private void checkEvent(Stream stream, StoredEvent event, ChainLink link, Reseal reseal) {
        if (event.sequence() != link.sequence() || !event.aggregateId().equals(link.aggregateId())) {
            defect(
                    stream,
                    Defect.Kind.EVENTS_REORDERED,
                    event.aggregateId(),
                    event.sequence(),
                    event.position(),
                    "event " + event.eventId() + " is stored at sequence " + event.sequence() + " of "
                            + event.aggregateId() + " but was appended at sequence " + link.sequence() + " of "
                            + link.aggregateId());
            return;
        }
        if (link.version() != EventHasher.VERSION) {
            defect(
                    stream,
                    Defect.Kind.EVENT_CHANGED,
                    event.aggregateId(),
                    event.sequence(),
                    event.position(),
                    "chain link of unknown encoding version " + link.version());
            return;
        }
        byte[] payloadDigest = hasher.digest(event.payload());
        if (!EventHasher.same(payloadDigest, link.payloadDigest())) {
            String refused = resealRefused(reseal, event, link, payloadDigest);
            if (refused != null) {
                defect(
                        stream,
                        Defect.Kind.PAYLOAD_CHANGED,
                        event.aggregateId(),
                        event.sequence(),
                        event.position(),
                        "the stored payload is not the one that was appended" + refused);
                return;
            }
            resealed++;
            payloadDigest = link.payloadDigest();
        }
        byte[] metadataDigest = hasher.digest(event.metadata());
        if (!EventHasher.same(metadataDigest, link.metadataDigest())) {
            defect(
                    stream,
                    Defect.Kind.METADATA_CHANGED,
                    event.aggregateId(),
                    event.sequence(),
                    event.position(),
                    "the stored metadata is not what was appended");
            return;
        }
        byte[] hash = hasher.hash(
                event.eventId(),
                event.aggregateType(),
                event.aggregateId(),
                event.sequence(),
                event.recordedAt(),
                event.payloadType(),
                event.payloadRevision(),
                payloadDigest,
                metadataDigest,
                link.previousHash());
        if (!EventHasher.same(hash, link.hash())) {
            defect(
                    stream,
                    Defect.Kind.EVENT_CHANGED,
                    event.aggregateId(),
                    event.sequence(),
                    event.position(),
                    "a stored column (type, revision, time or id) is not what was appended");
        }
    }

    /**
     * Why a changed payload is not a signed re-seal of the appended one (as text to append to the
     * defect), or null when it is.
     */
    private String resealRefused(Reseal reseal, StoredEvent event, ChainLink link, byte[] storedDigest) {
        if (reseal == null) {
            return "";
        }
        if (!event.eventId().equals(reseal.eventId())) {
            return "; its re-seal record names another event";
        }
        if (!EventHasher.same(reseal.oldPayloadDigest(), link.payloadDigest())) {
            return "; its re-seal record replaces another payload than the one the chain holds";
        }
        if (!EventHasher.same(reseal.newPayloadDigest(), storedDigest)) {
            return "; its re-seal record names another payload than the one stored";
        }
        if (key != null && !reseal.signedBy(key)) {
            return "; its re-seal record is not signed by the service key";
        }
        return null;
    }

    private void leaf(ChainLink link) {
        Long index = link.leafIndex();
        if (index == null || index < 0 || index >= coveredLeaves) {
            return;
        }
        int i = index.intValue();
        if (present.get(i)) {
            defect(
                    null,
                    Defect.Kind.CHECKPOINT_MISMATCH,
                    link.aggregateId(),
                    link.sequence(),
                    link.position(),
                    "leaf " + i + " is claimed by two events");
            return;
        }
        present.set(i);
        System.arraycopy(link.hash(), 0, leaves, i * 32, 32);
    }

    private void checkCovered(Stream stream, StoredEvent event, ChainLink link) {
        if (latest == null || (link.leafIndex() != null && link.leafIndex() < latest.treeSize())) {
            return;
        }
        Instant recorded;
        try {
            recorded = Instant.parse(event.recordedAt());
        } catch (DateTimeParseException | NullPointerException e) {
            return; // the hash check already judged the stored time
        }
        if (recorded.isBefore(latest.createdAt().minus(grace))) {
            defect(
                    stream,
                    Defect.Kind.EVENT_INSERTED,
                    event.aggregateId(),
                    event.sequence(),
                    event.position(),
                    "recorded at " + recorded + ", well before checkpoint " + latest.id() + " of " + latest.createdAt()
                            + ", yet not covered by it");
        }
    }

    /** Ends the check: streams whose last events are gone, then every checkpoint. */
    public Report finish() {
        for (Map.Entry<String, Stream> entry : streams.entrySet()) {
            Stream stream = entry.getValue();
            if (stream.gone != null) {
                ChainLink first = stream.gone.get(0);
                defect(
                        stream,
                        Defect.Kind.TAIL_TRUNCATED,
                        entry.getKey(),
                        first.sequence(),
                        first.position(),
                        "the last " + stream.gone.size() + " event(s) of the stream, from sequence " + first.sequence()
                                + ", were appended and are gone");
            }
        }
        List<CheckpointResult> results = checkCheckpoints();
        long intact = streams.values().stream().filter(s -> !s.defective).count();
        return new Report(checked, streams.size(), intact, defectCount, List.copyOf(defects), results, resealed);
    }

    private List<CheckpointResult> checkCheckpoints() {
        List<CheckpointResult> results = new ArrayList<>();
        Merkle.RootBuilder builder = new Merkle.RootBuilder();
        int absent = present.nextClearBit(0);
        byte[] leaf = new byte[32];
        int next = 0;
        for (SignedCheckpoint checkpoint : checkpoints) {
            String problem = null;
            if (key != null && !checkpoint.signedBy(key)) {
                problem = "the signature is not the service key's signature over this checkpoint";
            }
            if (problem == null && absent < checkpoint.treeSize()) {
                problem = "covers " + checkpoint.treeSize() + " events, but no event holds leaf " + absent;
            }
            if (problem == null) {
                while (next < checkpoint.treeSize()) {
                    System.arraycopy(leaves, next * 32, leaf, 0, 32);
                    builder.add(leaf);
                    next++;
                }
                if (!EventHasher.same(builder.root(), checkpoint.rootHash())) {
                    problem = "the events' hashes do not reproduce the signed Merkle root";
                }
            }
            if (problem != null) {
                defect(
                        null,
                        Defect.Kind.CHECKPOINT_MISMATCH,
                        null,
                        null,
                        null,
                        "checkpoint " + checkpoint.id() + " (" + checkpoint.treeSize() + " events): " + problem);
            }
            results.add(new CheckpointResult(checkpoint.id(), checkpoint.treeSize(), problem == null));
        }
        return results;
    }

    private void defect(
            Stream stream, Defect.Kind kind, String aggregateId, Long sequence, Long position, String detail) {
        defectCount++;
        if (stream != null) {
            stream.defective = true;
        }
        if (defects.size() < MAX_LISTED) {
            defects.add(new Defect(kind, aggregateId, sequence, position, detail));
        }
    }

    /** A checkpoint's verdict. */
    public record CheckpointResult(long id, long treeSize, boolean intact) {}

    /**
     * The verdict on a whole store or export.
     *
     * @param resealed events whose payload was replaced under a valid signed {@link Reseal} (personal texts
     *     encrypted in place); they are intact, and counted so an auditor sees them
     */
    public record Report(
            long checked,
            long streams,
            long streamsIntact,
            long defectCount,
            List<Defect> defects,
            List<CheckpointResult> checkpoints,
            long resealed) {

        public boolean clean() {
            return defectCount == 0;
        }
    }
}
