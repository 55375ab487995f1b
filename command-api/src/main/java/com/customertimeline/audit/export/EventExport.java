package com.customertimeline.audit.export;

import com.customertimeline.audit.store.StoredHistory;
import com.customertimeline.audit.verifier.ChainLink;
import com.customertimeline.audit.verifier.ChainRecord;
import com.customertimeline.audit.verifier.ExportFormat;
import com.customertimeline.audit.verifier.StoredEvent;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Iterator;
import java.util.Map;
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
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
                history.walk(selection, record -> {
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
            history.walk(selection, record -> {
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
    private record Line(StoredEvent event, ChainLink link, JsonNode payload, JsonNode metadata) {}

    private static Line line(ChainRecord record, Filter filter) {
        StoredEvent event = record.event();
        if (event == null) {
            return filter.narrowsEvents() ? null : new Line(null, record.link(), null, null);
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
        JsonNode payload = tree(event.payload());
        if (filter.repId() != null
                && !(("Rep".equals(event.aggregateType()) && filter.repId().equals(event.aggregateId()))
                        || namesRep(payload, filter.repId()))) {
            return null;
        }
        return new Line(event, record.link(), payload, tree(event.metadata()));
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
            json.writeStringField(ExportFormat.OCCURRED_AT, text(line.payload(), "occurredAt"));
            json.writeStringField(ExportFormat.ACTOR, text(line.metadata(), "actor"));
            json.writeStringField(ExportFormat.ACTOR_KIND, text(line.metadata(), "actorKind"));
            json.writeStringField(ExportFormat.ON_BEHALF_OF, text(line.metadata(), "onBehalfOf"));
            json.writeStringField(ExportFormat.CORRELATION_ID, correlationId(line.metadata()));
            json.writeStringField(ExportFormat.CAUSATION_ID, text(line.metadata(), "correlationId"));
            json.writeStringField(ExportFormat.IDEMPOTENCY_KEY, text(line.metadata(), "idempotencyKey"));
            stored(json, ExportFormat.PAYLOAD, ExportFormat.PAYLOAD_BASE64, event.payload());
            stored(json, ExportFormat.METADATA, ExportFormat.METADATA_BASE64, event.metadata());
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
                case ExportFormat.OCCURRED_AT -> text(line.payload(), "occurredAt");
                case ExportFormat.ACTOR -> text(line.metadata(), "actor");
                case ExportFormat.ACTOR_KIND -> text(line.metadata(), "actorKind");
                case ExportFormat.ON_BEHALF_OF -> text(line.metadata(), "onBehalfOf");
                case ExportFormat.CORRELATION_ID -> correlationId(line.metadata());
                case ExportFormat.CAUSATION_ID -> text(line.metadata(), "correlationId");
                case ExportFormat.IDEMPOTENCY_KEY -> text(line.metadata(), "idempotencyKey");
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
    private static void stored(JsonGenerator json, String field, String base64Field, byte[] bytes) throws IOException {
        if (bytes == null) {
            json.writeNullField(field);
            return;
        }
        String embeddable = ExportFormat.embeddable(bytes);
        if (embeddable != null) {
            json.writeFieldName(field);
            json.writeRawValue(embeddable);
        } else {
            json.writeStringField(base64Field, Base64.getEncoder().encodeToString(bytes));
        }
    }

    /**
     * Axon's metadata names the message that caused this one {@code correlationId} and the first message
     * of the chain {@code traceId}; the export uses the common names: correlation = the whole chain,
     * causation = the direct cause.
     */
    private static String correlationId(JsonNode metadata) {
        String trace = text(metadata, "traceId");
        return trace != null ? trace : text(metadata, "correlationId");
    }

    private static boolean typeMatches(String payloadType, Set<String> wanted) {
        if (payloadType == null) {
            return false;
        }
        String simple = payloadType.substring(payloadType.lastIndexOf('.') + 1);
        return wanted.contains(payloadType) || wanted.contains(simple);
    }

    /** Whether any field named {@code repId} or ending in {@code RepId(s)} names the rep. */
    private static boolean namesRep(JsonNode node, String repId) {
        if (node == null) {
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (namesRep(item, repId)) {
                    return true;
                }
            }
            return false;
        }
        if (!node.isObject()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            boolean repField = name.equals("repId") || name.endsWith("RepId") || name.endsWith("RepIds");
            if (repField && value.isTextual() && value.asText().equals(repId)) {
                return true;
            }
            if (repField && value.isArray()) {
                for (JsonNode item : value) {
                    if (item.isTextual() && item.asText().equals(repId)) {
                        return true;
                    }
                }
            }
            if ((value.isObject() || value.isArray()) && namesRep(value, repId)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode tree(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return null; // not JSON: exported as base64, nothing to lift out
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
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
