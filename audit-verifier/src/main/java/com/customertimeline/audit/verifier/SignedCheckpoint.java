package com.customertimeline.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A signed tree head: the number of events sealed so far, the Merkle root over their hashes
 * ({@link Merkle}), when it was made, and the service's Ed25519 signature over {@link #statement()}.
 * Auditors keep copies outside the service, as Certificate Transparency monitors keep signed tree
 * heads: a store rewritten later cannot reproduce a root someone else already holds.
 */
public record SignedCheckpoint(long id, long treeSize, byte[] rootHash, Instant createdAt, byte[] signature) {

    /** The first line of every statement; it names the format, so a later version cannot be confused with it. */
    public static final String HEADER = "customer-timeline/checkpoint/v1";

    /** The exact text that is signed: header, tree size, root (hex), creation instant (ISO-8601), one per line. */
    public String statement() {
        return statement(treeSize, rootHash, createdAt);
    }

    public static String statement(long treeSize, byte[] rootHash, Instant createdAt) {
        return HEADER + "\n" + treeSize + "\n" + HexFormat.of().formatHex(rootHash) + "\n" + createdAt + "\n";
    }

    public static byte[] sign(PrivateKey key, long treeSize, byte[] rootHash, Instant createdAt) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(statement(treeSize, rootHash, createdAt).getBytes(StandardCharsets.UTF_8));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a checkpoint failed", e);
        }
    }

    /** True only if the signature is the key's Ed25519 signature over this checkpoint's statement. */
    public boolean signedBy(PublicKey key) {
        if (signature == null || rootHash == null || createdAt == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(statement().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
