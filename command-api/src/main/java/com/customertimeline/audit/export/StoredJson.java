package com.customertimeline.audit.export;

import com.customertimeline.audit.verifier.ExportFormat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One pass of Jackson's streaming parser over stored payload or metadata bytes: whether they can be
 * embedded in an export line verbatim (the rule of {@link ExportFormat#embeddable}: strict UTF-8, one
 * JSON value, no line break, no surrounding white space), the top-level text fields the export lifts
 * out, and whether any rep field names a given rep. Building a tree per event, or parsing twice, cost
 * the export half its rate.
 */
final class StoredJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** What one pass found. {@code text} is empty when the bytes are not JSON. */
    record Scan(String embeddable, Map<String, String> text, boolean namesRep) {
        String get(String field) {
            return text.get(field);
        }
    }

    private static final Scan NOT_JSON = new Scan(null, Map.of(), false);

    private StoredJson() {}

    static Scan scan(byte[] bytes, Set<String> fields, String repId) {
        if (bytes == null || bytes.length == 0 || !plain(bytes)) {
            return NOT_JSON;
        }
        Map<String, String> text = new HashMap<>();
        boolean namesRep = false;
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() == null) {
                return NOT_JSON;
            }
            int depth = 0;
            JsonToken token = parser.currentToken();
            while (true) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    boolean wanted = depth == 1 && fields.contains(name);
                    boolean repField = repId != null
                            && (name.equals("repId") || name.endsWith("RepId") || name.endsWith("RepIds"));
                    token = parser.nextToken();
                    if (token == JsonToken.VALUE_STRING) {
                        String value = parser.getText();
                        if (wanted) {
                            text.put(name, value);
                        }
                        namesRep |= repField && value.equals(repId);
                    } else if (token == JsonToken.START_ARRAY && repField) {
                        depth++;
                        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
                            namesRep |= parser.getText().equals(repId);
                        }
                        continue; // the token after the strings is handled by the loop
                    } else {
                        continue;
                    }
                }
                if (depth == 0) {
                    break;
                }
                token = parser.nextToken();
                if (token == null) {
                    return NOT_JSON;
                }
            }
            if (parser.nextToken() != null) {
                return NOT_JSON; // more than one value
            }
        } catch (IOException e) {
            return NOT_JSON;
        }
        return new Scan(new String(bytes, StandardCharsets.UTF_8), text, namesRep);
    }

    /** Strict UTF-8 without line breaks or surrounding white space (ASCII, the usual case, is checked fast). */
    private static boolean plain(byte[] bytes) {
        if (Character.isWhitespace(bytes[0]) || Character.isWhitespace(bytes[bytes.length - 1])) {
            return false;
        }
        boolean ascii = true;
        for (byte b : bytes) {
            if (b == '\n' || b == '\r') {
                return false;
            }
            ascii &= b >= 0;
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true; // white space beyond ASCII is not JSON's, so the parser refuses it around a value
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
