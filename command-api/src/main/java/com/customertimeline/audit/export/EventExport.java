package com.customertimeline.audit.export;

import com.customertimeline.audit.store.StoredHistory;
import com.customertimeline.audit.verifier.ChainLink;
import com.customertimeline.audit.verifier.ChainRecord;
import com.customertimeline.audit.verifier.ExportFormat;
import com.customertimeline.audit.verifier.Reseal;
import com.customertimeline.audit.verifier.StoredEvent;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes the stored history as the export auditors take away: one line per stored position, oldest
 * first, in the format the offline verifier reads ({@link ExportFormat}). Payload and metadata go out as
 * the bytes stored (embedded JSON, or base64 when they are not JSON), so hashes can be recomputed from
 * the file alone; the business time and the actor are lifted out of them for readers. A chain link whose
 * event is gone goes out as a {@code "missing": true} line, so a deletion is visible in the file too.
 */
public final class EventExport {

    /** The two formats: NDJSON (complete, verifiable) and CSV (for spreadsheets; not verifiable). */
    public enum Format {
        NDJSON,
        CSV
    }

    /**
     * Which events to include besides the walk's stream and position: a rep (their own stream and every
     * event naming them), recorded-time bounds ({@code from} inclusive, {@code to} exclusive) and event
     * types (simple or qualified class names). A link whose event is gone carries no type, time or rep,
     * so it is exported only when none of these filters is given.
     */
    public record Filter(String repId, Instant from, Instant to, Set<String> eventTypes) {
        boolean narrowsEvents() {
            return repId != null || from != null || to != null || !eventTypes.isEmpty();
        }
    }

    private static final Set<String> PAYLOAD_FIELDS = Set.of("occurredAt");
    private static final Set<String> METADATA_FIELDS =
            Set.of("actor", "actorKind", "onBehalfOf", "correlationId", "traceId", "idempotencyKey");
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final CsvMapper CSV = new CsvMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final StoredHistory history;

    public EventExport(StoredHistory history) {
        this.history = history;
    }

    /** Writes the selection to {@code out}; returns the number of lines written (header excluded). */
    public long write(StoredHistory.Selection selection, Filter filter, Format format, OutputStream out)
            throws Exception {
        long[] written = {0};
        if (format == Format.NDJSON) {
            try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                json.setRootValueSeparator(null);
                history.walkAhead(selection, record -> {
                    Line line = line(record, filter);
                    if (line != null) {
                        ndjson(line, json);
                        written[0]++;
                    }
                    return true;
                });
            }
            return written[0];
        }
        CsvSchema.Builder columns = CsvSchema.builder();
        ExportFormat.CSV_COLUMNS.forEach(columns::addColumn);
        try (SequenceWriter csv = CSV.writer(columns.build().withHeader()).writeValues(out)) {
            history.walkAhead(selection, record -> {
                Line line = line(record, filter);
                if (line != null && line.event() != null) {
                    csv.write(csvRow(line));
                    written[0]++;
                }
                return true;
            });
        }
        return written[0];
    }

    /** A record with what the export lifts out of its payload and metadata. */
    private record Line(
            StoredEvent event, ChainLink link, StoredJson.Scan payload, StoredJson.Scan metadata, Reseal reseal) {}

    private static Line line(ChainRecord record, Filter filter) {
        StoredEvent event = record.event();
        if (event == null) {
            return filter.narrowsEvents() ? null : new Line(null, record.link(), null, null, null);
        }
        if (!filter.eventTypes().isEmpty() && !typeMatches(event.payloadType(), filter.eventTypes())) {
            return null;
        }
        if (filter.from() != null || filter.to() != null) {
            Instant recorded = instant(event.recordedAt());
            if (recorded == null
                    || (filter.from() != null && recorded.isBefore(filter.from()))
                    || (filter.to() != null && !recorded.isBefore(filter.to()))) {
                return null;
            }
        }
        StoredJson.Scan payload = StoredJson.scan(event.payload(), PAYLOAD_FIELDS, filter.repId());
        if (filter.repId() != null
                && !(("Rep".equals(event.aggregateType()) && filter.repId().equals(event.aggregateId()))
                        || payload.namesRep())) {
            return null;
        }
        return new Line(
                event,
                record.link(),
                payload,
                StoredJson.scan(event.metadata(), METADATA_FIELDS, null),
                record.reseal());
    }

    private static void ndjson(Line line, JsonGenerator json) throws IOException {
        StoredEvent event = line.event();
        ChainLink link = line.link();
        json.writeStartObject();
        if (event == null) {
            json.writeNumberField(ExportFormat.POSITION, link.position());
            json.writeStringField(ExportFormat.EVENT_ID, link.eventId());
            json.writeStringField(ExportFormat.AGGREGATE_ID, link.aggregateId());
            json.writeNumberField(ExportFormat.SEQUENCE, link.sequence());
            json.writeBooleanField(ExportFormat.MISSING, true);
        } else {
            json.writeNumberField(ExportFormat.POSITION, event.position());
            json.writeStringField(ExportFormat.EVENT_ID, event.eventId());
            json.writeStringField(ExportFormat.AGGREGATE_TYPE, event.aggregateType());
            json.writeStringField(ExportFormat.AGGREGATE_ID, event.aggregateId());
            json.writeNumberField(ExportFormat.SEQUENCE, event.sequence());
            json.writeStringField(ExportFormat.EVENT_TYPE, event.payloadType());
            json.writeStringField(ExportFormat.REVISION, event.payloadRevision());
            json.writeStringField(ExportFormat.RECORDED_AT, event.recordedAt());
            json.writeStringField(ExportFormat.OCCURRED_AT, line.payload().get("occurredAt"));
            json.writeStringField(ExportFormat.ACTOR, line.metadata().get("actor"));
            json.writeStringField(ExportFormat.ACTOR_KIND, line.metadata().get("actorKind"));
            json.writeStringField(ExportFormat.ON_BEHALF_OF, line.metadata().get("onBehalfOf"));
            json.writeStringField(ExportFormat.CORRELATION_ID, correlationId(line.metadata()));
            json.writeStringField(ExportFormat.CAUSATION_ID, line.metadata().get("correlationId"));
            json.writeStringField(ExportFormat.IDEMPOTENCY_KEY, line.metadata().get("idempotencyKey"));
            stored(json, ExportFormat.PAYLOAD, ExportFormat.PAYLOAD_BASE64, event.payload(), line.payload());
            stored(json, ExportFormat.METADATA, ExportFormat.METADATA_BASE64, event.metadata(), line.metadata());
        }
        if (link != null) {
            if (event != null && !link.aggregateId().equals(event.aggregateId())) {
                json.writeStringField(ExportFormat.CHAIN_AGGREGATE_ID, link.aggregateId());
            }
            if (event != null && link.sequence() != event.sequence()) {
                json.writeNumberField(ExportFormat.CHAIN_SEQUENCE, link.sequence());
            }
            json.writeNumberField(ExportFormat.HASH_VERSION, link.version());
            json.writeStringField(ExportFormat.HASH, HEX.formatHex(link.hash()));
            json.writeStringField(
                    ExportFormat.PREVIOUS_HASH,
                    link.previousHash() == null ? null : HEX.formatHex(link.previousHash()));
            json.writeStringField(ExportFormat.PAYLOAD_DIGEST, HEX.formatHex(link.payloadDigest()));
            json.writeStringField(
                    ExportFormat.METADATA_DIGEST,
                    link.metadataDigest() == null ? null : HEX.formatHex(link.metadataDigest()));
            if (link.leafIndex() != null) {
                json.writeNumberField(ExportFormat.LEAF_INDEX, link.leafIndex());
            }
        }
        Reseal reseal = line.reseal();
        if (reseal != null) {
            json.writeObjectFieldStart(ExportFormat.RESEAL);
            json.writeStringField(ExportFormat.RESEAL_OLD_PAYLOAD_DIGEST, HEX.formatHex(reseal.oldPayloadDigest()));
            json.writeStringField(ExportFormat.RESEAL_NEW_PAYLOAD_DIGEST, HEX.formatHex(reseal.newPayloadDigest()));
            json.writeStringField(ExportFormat.RESEAL_AT, reseal.resealedAt());
            json.writeStringField(ExportFormat.RESEAL_REASON, reseal.reason());
            json.writeStringField(
                    ExportFormat.RESEAL_SIGNATURE, Base64.getEncoder().encodeToString(reseal.signature()));
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static Object[] csvRow(Line line) {
        StoredEvent event = line.event();
        ChainLink link = line.link();
        Object[] row = new Object[ExportFormat.CSV_COLUMNS.size()];
        int i = 0;
        for (String column : ExportFormat.CSV_COLUMNS) {
            row[i++] = switch (column) {
                case ExportFormat.POSITION -> event.position();
                case ExportFormat.AGGREGATE_TYPE -> event.aggregateType();
                case ExportFormat.AGGREGATE_ID -> event.aggregateId();
                case ExportFormat.SEQUENCE -> event.sequence();
                case ExportFormat.EVENT_TYPE -> event.payloadType();
                case ExportFormat.REVISION -> event.payloadRevision();
                case ExportFormat.RECORDED_AT -> event.recordedAt();
                case ExportFormat.OCCURRED_AT -> line.payload().get("occurredAt");
                case ExportFormat.ACTOR -> line.metadata().get("actor");
                case ExportFormat.ACTOR_KIND -> line.metadata().get("actorKind");
                case ExportFormat.ON_BEHALF_OF -> line.metadata().get("onBehalfOf");
                case ExportFormat.CORRELATION_ID -> correlationId(line.metadata());
                case ExportFormat.CAUSATION_ID -> line.metadata().get("correlationId");
                case ExportFormat.IDEMPOTENCY_KEY -> line.metadata().get("idempotencyKey");
                case ExportFormat.PAYLOAD -> utf8(event.payload());
                case ExportFormat.METADATA -> utf8(event.metadata());
                case ExportFormat.EVENT_ID -> event.eventId();
                case ExportFormat.HASH -> link == null ? null : HEX.formatHex(link.hash());
                case ExportFormat.LEAF_INDEX -> link == null ? null : link.leafIndex();
                default -> throw new IllegalStateException("no value for CSV column " + column);
            };
        }
        return row;
    }

    /** The stored bytes verbatim when they are embeddable JSON, else as base64. */
    private static void stored(JsonGenerator json, String field, String base64Field, byte[] bytes, StoredJson.Scan scan)
            throws IOException {
        if (bytes == null) {
            json.writeNullField(field);
        } else if (scan.embeddable() != null) {
            json.writeFieldName(field);
            json.writeRawValue(scan.embeddable());
        } else {
            json.writeStringField(base64Field, Base64.getEncoder().encodeToString(bytes));
        }
    }

    /**
     * Axon's metadata names the message that caused this one {@code correlationId} and the first message
     * of the chain {@code traceId}; the export uses the common names: correlation = the whole chain,
     * causation = the direct cause.
     */
    private static String correlationId(StoredJson.Scan metadata) {
        String trace = metadata.get("traceId");
        return trace != null ? trace : metadata.get("correlationId");
    }

    private static boolean typeMatches(String payloadType, Set<String> wanted) {
        if (payloadType == null) {
            return false;
        }
        String simple = payloadType.substring(payloadType.lastIndexOf('.') + 1);
        return wanted.contains(payloadType) || wanted.contains(simple);
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
