package com.customertimeline.audit.verifier;

/**
 * An event exactly as the event table holds it: the columns the chain hash covers, with payload and
 * metadata as their stored bytes (never re-serialized, so the hash is of what is stored).
 */
public record StoredEvent(
        long position,
        String eventId,
        String aggregateType,
        String aggregateId,
        long sequence,
        String recordedAt,
        String payloadType,
        String payloadRevision,
        byte[] payload,
        byte[] metadata) {}
