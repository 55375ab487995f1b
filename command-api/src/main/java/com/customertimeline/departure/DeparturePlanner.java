package com.customertimeline.departure;

import com.customertimeline.domain.rep.RepDeparted;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns a {@link RepDeparted} into a durable plan: one task per customer the rep owned, each naming its
 * successor. Customers are spread over the successors by current load (always to the least loaded,
 * ties by rep id), which leaves the successors' loads within one customer of each other wherever the
 * departed portfolio is large enough to level them.
 *
 * <p>The plan is written in the same transaction as the processor's token, so it exists exactly once;
 * the {@link DepartureWorker} carries it out. Planning is a side effect, so it is not replayed.
 */
@Component
@ProcessingGroup(OwnershipLedger.GROUP)
public class DeparturePlanner {

    private final JdbcTemplate jdbc;

    DeparturePlanner(JdbcTemplate jdbc, DepartureSchema schema) {
        this.jdbc = jdbc;
    }

    @EventHandler
    @DisallowReplay
    void on(RepDeparted event) {
        Integer planned =
                jdbc.queryForObject("SELECT count(*) FROM departure WHERE rep_id = ?", Integer.class, event.repId());
        if (planned != null && planned > 0) {
            return; // re-delivered before the token moved on: the plan is already there
        }
        List<String> customers = jdbc.queryForList(
                "SELECT customer_id FROM ownership_ledger WHERE owner_rep_id = ? ORDER BY customer_id",
                String.class,
                event.repId());
        Map<String, Integer> loads = new HashMap<>();
        for (String successor : event.successorRepIds()) {
            Integer load = jdbc.queryForObject(
                    "SELECT count(*) FROM ownership_ledger WHERE owner_rep_id = ?", Integer.class, successor);
            loads.put(successor, load == null ? 0 : load);
        }
        PriorityQueue<String> leastLoaded = new PriorityQueue<>(
                Comparator.comparing((String rep) -> loads.get(rep)).thenComparing(rep -> rep));
        leastLoaded.addAll(event.successorRepIds());
        jdbc.update(
                "INSERT INTO departure (rep_id, reason, effective_at, planned) VALUES (?, ?, ?, ?)",
                event.repId(),
                event.reason(),
                Timestamp.from(event.occurredAt()),
                customers.size());
        jdbc.batchUpdate(
                "INSERT INTO departure_task (departed_rep_id, customer_id, successor_rep_id, status)"
                        + " VALUES (?, ?, ?, 'PENDING')",
                customers.stream()
                        .map(customer -> {
                            String successor = leastLoaded.poll();
                            loads.merge(successor, 1, Integer::sum);
                            leastLoaded.add(successor);
                            return new Object[] {event.repId(), customer, successor};
                        })
                        .toList());
    }
}
