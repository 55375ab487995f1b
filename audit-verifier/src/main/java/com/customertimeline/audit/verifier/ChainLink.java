package com.customertimeline.audit.verifier;

/**
 * What the chain recorded for an event when it was appended: the stream and sequence it was appended
 * at, its hash, the previous hash of its stream, the digests of its payload and metadata, the encoding
 * version, and the leaf index it was sealed at by a checkpoint (null until then).
 */
public record ChainLink(
        long position,
        String eventId,
        String aggregateId,
        long sequence,
        int version,
        byte[] hash,
        byte[] previousHash,
        byte[] payloadDigest,
        byte[] metadataDigest,
        Long leafIndex) {}
