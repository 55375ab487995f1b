package com.customertimeline.departure;

import com.customertimeline.domain.customer.CustomerReassigned;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Counts, straight from the event store's table, how often each customer was moved away from a rep. */
final class ReassignmentCounts {

    private ReassignmentCounts() {}

    static Map<String, Integer> fromEventStore(JdbcTemplate jdbc, String fromRep) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query(
                "SELECT aggregateIdentifier, payload FROM DomainEventEntry WHERE payloadType = ?",
                rs -> {
                    String payload = new String(rs.getBytes(2), java.nio.charset.StandardCharsets.UTF_8);
                    if (payload.contains("\"fromRepId\":\"" + fromRep + "\"")) {
                        counts.merge(rs.getString(1), 1, Integer::sum);
                    }
                },
                CustomerReassigned.class.getName());
        return counts;
    }
}
