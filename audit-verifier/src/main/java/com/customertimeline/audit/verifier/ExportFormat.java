package com.customertimeline.audit.verifier;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The export's line format (NDJSON, one object per stored position, ADR 0014) and its reading into
 * {@link ChainRecord}s. The service writes the field names declared here; payload and metadata are
 * embedded as the JSON text stored, byte for byte (or as base64 in {@code payloadBase64} and
 * {@code metadataBase64} when the stored bytes are not JSON), so the verifier recomputes the hashes of
 * exactly what is stored. A chain link whose event is gone is a line with {@code "missing": true}.
 */
public final class ExportFormat {

    public static final String POSITION = "position";
    public static final String EVENT_ID = "eventId";
    public static final String AGGREGATE_TYPE = "aggregateType";
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String SEQUENCE = "sequence";
    public static final String EVENT_TYPE = "eventType";
    public static final String REVISION = "revision";
    public static final String RECORDED_AT = "recordedAt";
    public static final String OCCURRED_AT = "occurredAt";
    public static final String ACTOR = "actor";
    public static final String ACTOR_KIND = "actorKind";
    public static final String ON_BEHALF_OF = "onBehalfOf";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String PAYLOAD = "payload";
    public static final String PAYLOAD_BASE64 = "payloadBase64";
    public static final String METADATA = "metadata";
    public static final String METADATA_BASE64 = "metadataBase64";
    public static final String MISSING = "missing";
    public static final String HASH = "hash";
    public static final String PREVIOUS_HASH = "previousHash";
    public static final String PAYLOAD_DIGEST = "payloadDigest";
    public static final String METADATA_DIGEST = "metadataDigest";
    public static final String CHAIN_SEQUENCE = "chainSequence";
    public static final String CHAIN_AGGREGATE_ID = "chainAggregateId";
    public static final String LEAF_INDEX = "leafIndex";
    public static final String HASH_VERSION = "hashVersion";
    /** A {@link Reseal} of the event, as an object of the fields below (absent when the payload was never replaced). */
    public static final String RESEAL = "reseal";

    public static final String RESEAL_OLD_PAYLOAD_DIGEST = "oldPayloadDigest";
    public static final String RESEAL_NEW_PAYLOAD_DIGEST = "newPayloadDigest";
    public static final String RESEAL_AT = "resealedAt";
    public static final String RESEAL_REASON = "reason";
    public static final String RESEAL_SIGNATURE = "signature";

    /** The CSV columns, in order (the CSV export is for reading; the verifier reads NDJSON). */
    public static final List<String> CSV_COLUMNS = List.of(
            POSITION,
            AGGREGATE_TYPE,
            AGGREGATE_ID,
            SEQUENCE,
            EVENT_TYPE,
            REVISION,
            RECORDED_AT,
            OCCURRED_AT,
            ACTOR,
            ACTOR_KIND,
            ON_BEHALF_OF,
            CORRELATION_ID,
            CAUSATION_ID,
            IDEMPOTENCY_KEY,
            PAYLOAD,
            METADATA,
            EVENT_ID,
            HASH,
            LEAF_INDEX);

    private static final HexFormat HEX = HexFormat.of();

    private ExportFormat() {}

    /**
     * The stored bytes as text to embed verbatim in a line, or null when they must go as base64: they
     * are not strict UTF-8, not one JSON value, or hold a line break or surrounding white space (which
     * the line could not carry or a reader would not give back byte for byte).
     */
    public static String embeddable(byte[] stored) {
        if (stored == null || stored.length == 0) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(stored))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0
                || Character.isWhitespace(text.charAt(0))
                || Character.isWhitespace(text.charAt(text.length() - 1))) {
            return null;
        }
        try {
            Json.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return text;
    }

    /** Reads one export line. */
    public static ChainRecord read(String line) {
        if (!(Json.parse(line) instanceof Json.Obj obj)) {
            throw new IllegalArgumentException("a line of the export is a JSON object");
        }
        long position = number(obj, POSITION);
        boolean missing = Boolean.TRUE.equals(obj.get(MISSING));
        StoredEvent event = null;
        if (!missing) {
            event = new StoredEvent(
                    position,
                    text(obj, EVENT_ID),
                    text(obj, AGGREGATE_TYPE),
                    text(obj, AGGREGATE_ID),
                    number(obj, SEQUENCE),
                    text(obj, RECORDED_AT),
                    text(obj, EVENT_TYPE),
                    text(obj, REVISION),
                    bytes(obj, PAYLOAD, PAYLOAD_BASE64),
                    bytes(obj, METADATA, METADATA_BASE64));
        }
        ChainLink link = null;
        if (obj.get(HASH) != null) {
            String chainAggregate = text(obj, CHAIN_AGGREGATE_ID);
            link = new ChainLink(
                    position,
                    missing ? text(obj, EVENT_ID) : event.eventId(),
                    chainAggregate != null ? chainAggregate : text(obj, AGGREGATE_ID),
                    obj.get(CHAIN_SEQUENCE) != null ? number(obj, CHAIN_SEQUENCE) : number(obj, SEQUENCE),
                    (int) number(obj, HASH_VERSION),
                    hex(obj, HASH),
                    hex(obj, PREVIOUS_HASH),
                    hex(obj, PAYLOAD_DIGEST),
                    hex(obj, METADATA_DIGEST),
                    obj.get(LEAF_INDEX) == null ? null : number(obj, LEAF_INDEX));
        }
        if (event == null && link == null) {
            throw new IllegalArgumentException("a missing event's line must carry its chain link");
        }
        Reseal reseal = null;
        if (obj.get(RESEAL) instanceof Json.Obj resealed && event != null) {
            reseal = new Reseal(
                    event.eventId(),
                    hex(resealed, RESEAL_OLD_PAYLOAD_DIGEST),
                    hex(resealed, RESEAL_NEW_PAYLOAD_DIGEST),
                    text(resealed, RESEAL_AT),
                    text(resealed, RESEAL_REASON),
                    base64(resealed, RESEAL_SIGNATURE));
        } else if (obj.get(RESEAL) != null) {
            throw new IllegalArgumentException("'" + RESEAL + "' must be an object on an event's line");
        }
        return new ChainRecord(event, link, reseal);
    }

    /** Reads a checkpoint as {@code GET /api/v1/audit/checkpoints} gives it. */
    public static SignedCheckpoint checkpoint(Json.Obj obj) {
        return new SignedCheckpoint(
                number(obj, "id"),
                number(obj, "treeSize"),
                hex(obj, "rootHash"),
                Instant.parse(text(obj, "createdAt")),
                Base64.getDecoder().decode(text(obj, "signature")));
    }

    /** Checkpoints from a file holding one checkpoint, an array of them, or the list endpoint's answer. */
    public static List<SignedCheckpoint> checkpoints(String json) {
        Object parsed = Json.parse(json);
        List<SignedCheckpoint> out = new ArrayList<>();
        if (parsed instanceof Json.Obj obj && obj.get("items") instanceof List<?> items) {
            parsed = items;
        }
        if (parsed instanceof Json.Obj obj) {
            out.add(checkpoint(obj));
        } else if (parsed instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Json.Obj obj)) {
                    throw new IllegalArgumentException("a checkpoint is a JSON object");
                }
                out.add(checkpoint(obj));
            }
        } else {
            throw new IllegalArgumentException("expected a checkpoint, an array of them or {\"items\": [...]}");
        }
        return out;
    }

    private static String text(Json.Obj obj, String name) {
        Object value = obj.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
        }
        return s;
    }

    private static long number(Json.Obj obj, String name) {
        if (!(obj.get(name) instanceof BigDecimal n)) {
            throw new IllegalArgumentException("'" + name + "' must be a number");
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number");
        }
    }

    private static byte[] hex(Json.Obj obj, String name) {
        String value = text(obj, name);
        if (value == null) {
            return null;
        }
        try {
            byte[] bytes = HEX.parseHex(value);
            if (bytes.length != 32) {
                throw new IllegalArgumentException("'" + name + "' must be 64 hex digits");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' must be 64 hex digits");
        }
    }

    private static byte[] base64(Json.Obj obj, String name) {
        String value = text(obj, name);
        if (value == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' must be base64");
        }
    }

    private static byte[] bytes(Json.Obj obj, String jsonName, String base64Name) {
        if (obj.get(base64Name) instanceof String base64) {
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + base64Name + "' must be base64");
            }
        }
        if (!obj.has(jsonName) || obj.get(jsonName) == null) {
            return null;
        }
        return obj.raw().get(jsonName).getBytes(StandardCharsets.UTF_8);
    }
}
