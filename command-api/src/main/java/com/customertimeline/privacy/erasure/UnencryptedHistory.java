package com.customertimeline.privacy.erasure;

import com.customertimeline.domain.privacy.PersonalData;
import com.customertimeline.privacy.serialization.PersonalTexts;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds a customer's events that were stored before personal data was encrypted: their personal texts
 * are plaintext in the event store, so destroying the customer's key would not erase them. Such an
 * erasure is refused instead of pretending (ADR 0017). Reads the stored rows of the JDBC event store; a
 * store without them (Axon Server, which this version starts empty) has no such events.
 */
@Component
public class UnencryptedHistory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeFactory TYPES = TypeFactory.defaultInstance();

    private final JdbcTemplate jdbc;

    UnencryptedHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Sequence numbers of the customer's events that hold a personal text in plaintext. */
    public List<Long> plaintextEvents(String customerId) {
        List<Long> found = new ArrayList<>();
        List<Map<String, Object>> rows;
        try {
            rows = jdbc.queryForList(
                    "SELECT sequencenumber, payloadtype, payload FROM domainevententry"
                            + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                    customerId);
        } catch (org.springframework.dao.DataAccessException noJdbcEventStore) {
            return found;
        }
        for (Map<String, Object> row : rows) {
            Class<?> type = type((String) row.get("payloadtype"));
            if (type != null && holdsPlaintext(type, read((byte[]) row.get("payload")))) {
                found.add(((Number) row.get("sequencenumber")).longValue());
            }
        }
        return found;
    }

    /**
     * Whether a stored event of {@code type} holds a personal text in plaintext: a {@code String} inside a
     * {@link PersonalData} component that is neither sealed nor the erased marker. The walk follows the
     * declared types, because only strings are sealed: an instant or an enum inside a personal component
     * (a follow-up's due time, a contact point's type) is stored readable by design.
     */
    static boolean holdsPlaintext(Class<?> type, JsonNode payload) {
        if (!type.isRecord()) {
            return false;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(PersonalData.class)
                    && plaintextIn(payload.get(component.getName()), TYPES.constructType(component.getGenericType()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean plaintextIn(JsonNode node, JavaType type) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (type.hasRawClass(String.class)) {
            return node.isTextual()
                    && !PersonalTexts.isSealed(node.textValue())
                    && !PersonalData.ERASED.equals(node.textValue());
        }
        if (type.isContainerType()) {
            for (JsonNode element : node) {
                if (plaintextIn(element, type.getContentType())) {
                    return true;
                }
            }
            return false;
        }
        if (type.getRawClass().isRecord()) {
            for (RecordComponent component : type.getRawClass().getRecordComponents()) {
                JavaType componentType = TYPES.resolveMemberType(component.getGenericType(), type.getBindings());
                if (plaintextIn(node.get(component.getName()), componentType)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, UnencryptedHistory.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("a stored event is not JSON", e);
        }
    }
}
