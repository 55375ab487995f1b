package com.customertimeline.privacy.erasure;

import com.customertimeline.privacy.serialization.PersonalComponents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
            if (type != null && PersonalComponents.holdsPlaintext(type, read((byte[]) row.get("payload")))) {
                found.add(((Number) row.get("sequencenumber")).longValue());
            }
        }
        return found;
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
