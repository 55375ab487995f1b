package com.customertimeline.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;

/**
 * The service's signed statement that it replaced an event's stored payload: which event, the digest of
 * the payload the chain committed to, the digest of the payload stored since, when and why. Made when
 * personal texts stored before encryption are encrypted in place (ADR 0017): the event's facts stay,
 * only its personal strings become ciphertext, and the chain and checkpoints, which hold the old digest,
 * stay valid. A verifier accepts a changed payload only with a reseal whose old digest is the chain's,
 * whose new digest is the stored payload's and whose signature is the service key's (ADR 0014).
 *
 * @param resealedAt the instant as ISO-8601 text, exactly as signed
 */
public record Reseal(
        String eventId,
        byte[] oldPayloadDigest,
        byte[] newPayloadDigest,
        String resealedAt,
        String reason,
        byte[] signature) {

    /** The first line of every statement; it names the format. */
    public static final String HEADER = "customer-timeline/reseal/v1";

    /** The exact text that is signed: header, event id, old and new digest (hex), instant, reason, one per line. */
    public String statement() {
        return statement(eventId, oldPayloadDigest, newPayloadDigest, resealedAt, reason);
    }

    public static String statement(
            String eventId, byte[] oldPayloadDigest, byte[] newPayloadDigest, String resealedAt, String reason) {
        HexFormat hex = HexFormat.of();
        return HEADER + "\n" + eventId + "\n" + hex.formatHex(oldPayloadDigest) + "\n" + hex.formatHex(newPayloadDigest)
                + "\n" + resealedAt + "\n" + reason + "\n";
    }

    public static byte[] sign(
            PrivateKey key,
            String eventId,
            byte[] oldPayloadDigest,
            byte[] newPayloadDigest,
            String resealedAt,
            String reason) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(statement(eventId, oldPayloadDigest, newPayloadDigest, resealedAt, reason)
                    .getBytes(StandardCharsets.UTF_8));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a reseal failed", e);
        }
    }

    /** True only if the signature is the key's Ed25519 signature over this reseal's statement. */
    public boolean signedBy(PublicKey key) {
        if (signature == null || oldPayloadDigest == null || newPayloadDigest == null || eventId == null) {
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
