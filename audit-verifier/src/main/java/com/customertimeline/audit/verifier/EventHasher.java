package com.customertimeline.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The canonical encoding of a stored event and its chain hash (version 1, ADR 0014). The hash covers
 * exactly what the event table holds, byte for byte, so that a later change to any stored column is
 * visible, and so that encrypting personal fields before they are stored (crypto-shredding) keeps every
 * hash valid: the hash is of the ciphertext, never of a decoded object.
 *
 * <p>Encoding v1, all fed to SHA-256 in this order: the tag {@code customer-timeline/event/v1} and a
 * zero byte; the event identifier, aggregate type, aggregate identifier; the sequence number (8 bytes,
 * big-endian); the recorded timestamp as stored; the payload type and revision; SHA-256 of the payload
 * bytes; SHA-256 of the metadata bytes; the previous event's hash of the same stream. A text is
 * {@code 0x01}, its UTF-8 length (4 bytes, big-endian) and its bytes, or {@code 0xFF} when absent; a
 * digest or previous hash is {@code 0x01} and 32 bytes, or {@code 0xFF} when absent (the first event of
 * a stream has no previous hash). Lengths make the encoding unambiguous: no two different events
 * encode to the same bytes. Payload and metadata enter as digests, so an auditor can check a chain from
 * digests alone when the bytes themselves were erased.
 *
 * <p>Not thread-safe: one instance reuses its {@link MessageDigest}, which is what makes verification
 * fast; use one per thread.
 */
public final class EventHasher {

    /** The encoding version this class implements; stored with every chain row. */
    public static final int VERSION = 1;

    private static final byte[] TAG = "customer-timeline/event/v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte PRESENT = 0x01;
    private static final byte ABSENT = (byte) 0xFF;

    private final MessageDigest sha256 = sha256();
    private final byte[] buffer = new byte[8];

    /** SHA-256 of the bytes, or null for null (absent metadata, for example). */
    public byte[] digest(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return sha256.digest(bytes);
    }

    /** The event's chain hash, from its stored columns' values and digests. */
    public byte[] hash(
            String eventId,
            String aggregateType,
            String aggregateId,
            long sequence,
            String recordedAt,
            String payloadType,
            String payloadRevision,
            byte[] payloadDigest,
            byte[] metadataDigest,
            byte[] previousHash) {
        sha256.reset();
        sha256.update(TAG);
        text(eventId);
        text(aggregateType);
        text(aggregateId);
        longValue(sequence);
        text(recordedAt);
        text(payloadType);
        text(payloadRevision);
        fixed(payloadDigest);
        fixed(metadataDigest);
        fixed(previousHash);
        return sha256.digest();
    }

    private void text(String value) {
        if (value == null) {
            sha256.update(ABSENT);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(PRESENT);
        buffer[0] = (byte) (bytes.length >>> 24);
        buffer[1] = (byte) (bytes.length >>> 16);
        buffer[2] = (byte) (bytes.length >>> 8);
        buffer[3] = (byte) bytes.length;
        sha256.update(buffer, 0, 4);
        sha256.update(bytes);
    }

    private void longValue(long value) {
        for (int i = 7; i >= 0; i--) {
            buffer[i] = (byte) value;
            value >>>= 8;
        }
        sha256.update(buffer, 0, 8);
    }

    private void fixed(byte[] digest) {
        if (digest == null) {
            sha256.update(ABSENT);
            return;
        }
        if (digest.length != 32) {
            throw new IllegalArgumentException("a digest has 32 bytes, not " + digest.length);
        }
        sha256.update(PRESENT);
        sha256.update(digest);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Constant-time comparison; null equals only null. */
    public static boolean same(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        return MessageDigest.isEqual(a, b);
    }

    static byte[] copy(byte[] bytes) {
        return bytes == null ? null : Arrays.copyOf(bytes, bytes.length);
    }
}
