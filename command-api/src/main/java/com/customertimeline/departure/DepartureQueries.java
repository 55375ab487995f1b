package com.customertimeline.departure;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the progress of departures for operators and tests. */
@Component
public class DepartureQueries {

    private final JdbcTemplate jdbc;

    DepartureQueries(JdbcTemplate jdbc, DepartureSchema schema) {
        this.jdbc = jdbc;
    }

    public Optional<DepartureStatus> status(String repId) {
        List<DepartureStatus> found = jdbc.query(
                "SELECT reason, effective_at, planned FROM departure WHERE rep_id = ?",
                (rs, row) -> {
                    int planned = rs.getInt(3);
                    int done = count(repId, "DONE");
                    int failed = count(repId, "FAILED");
                    int pending = planned - done - failed;
                    return new DepartureStatus(
                            repId,
                            rs.getString(1),
                            rs.getTimestamp(2).toInstant(),
                            planned,
                            done,
                            pending,
                            failed,
                            pending == 0,
                            jdbc.query(
                                    "SELECT successor_rep_id, count(*) FROM departure_task WHERE departed_rep_id = ?"
                                            + " GROUP BY successor_rep_id ORDER BY successor_rep_id",
                                    (r, n) -> new DepartureStatus.SuccessorShare(r.getString(1), r.getInt(2)),
                                    repId),
                            jdbc.query(
                                    "SELECT customer_id, successor_rep_id, detail FROM departure_task"
                                            + " WHERE departed_rep_id = ? AND status = 'FAILED' ORDER BY customer_id",
                                    (r, n) ->
                                            new DepartureStatus.Failure(r.getString(1), r.getString(2), r.getString(3)),
                                    repId));
                },
                repId);
        return found.stream().findFirst();
    }

    private int count(String repId, String status) {
        Integer count = jdbc.queryForObject(
                "SELECT count(*) FROM departure_task WHERE departed_rep_id = ? AND status = ?",
                Integer.class,
                repId,
                status);
        return count == null ? 0 : count;
    }
}
