package com.customertimeline.audit;

import com.customertimeline.app.StorageConfig.RelationalStoreChecked;
import com.customertimeline.projections.web.ReadAccessRecorder;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The durable read-access log: one row for every customer whose data a read showed, with who read it,
 * when, which view and from which address. Kept in the same PostgreSQL database as the events, with
 * nothing ever deleted, so an auditor can answer "who looked at this customer" for any period.
 * Salesforce's Shield keeps 30 days and calls its logs not durable; this log is written in the read's
 * own request, before the answer leaves, and its cost per read is measured in docs/benchmarks.md.
 */
@Component
public class ReadAccessLog implements ReadAccessRecorder {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate transactions;

    ReadAccessLog(
            JdbcTemplate jdbc,
            RelationalStoreChecked postgres,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        jdbc.execute("CREATE TABLE IF NOT EXISTS read_access ("
                + " id BIGSERIAL PRIMARY KEY,"
                + " read_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " principal_id VARCHAR(64) NOT NULL,"
                + " roles VARCHAR(200) NOT NULL,"
                + " customer_id VARCHAR(64) NOT NULL,"
                + " view_name VARCHAR(40) NOT NULL,"
                + " client_address VARCHAR(100))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS read_access_customer ON read_access (customer_id, read_at)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS read_access_principal ON read_access (principal_id, read_at)");
    }

    /**
     * Written before the answer leaves, with {@code synchronous_commit} off for this one transaction:
     * the row is in PostgreSQL's write-ahead log when the read returns, so it survives the death of the
     * service at any moment (PostgreSQL writes it out within a fraction of a second by itself); only
     * an operating-system crash in that fraction could lose it. A flush to disk per read cost about
     * 1.5 ms of a read's median (docs/benchmarks.md); commands keep their full flush.
     */
    @Override
    public void customerRead(String customerId, String view) {
        Caller caller = Caller.require();
        transactions.executeWithoutResult(status -> insert(caller, customerId, view));
    }

    private void insert(Caller caller, String customerId, String view) {
        jdbc.execute("SET LOCAL synchronous_commit TO OFF");
        jdbc.update(
                "INSERT INTO read_access (read_at, principal_id, roles, customer_id, view_name, client_address)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()),
                caller.principal(),
                caller.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")),
                customerId,
                view,
                clientAddress());
    }

    /** One entry of the log. */
    public record Entry(
            long id, Instant readAt, String principal, String roles, String customerId, String view, String from) {}

    /** Entries matching every given filter, oldest first, from {@code afterId} (exclusive) on. */
    public List<Entry> find(String customerId, String principal, Instant from, Instant to, long afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM read_access WHERE id > ?");
        List<Object> args = new ArrayList<>(List.of(afterId));
        if (customerId != null) {
            sql.append(" AND customer_id = ?");
            args.add(customerId);
        }
        if (principal != null) {
            sql.append(" AND principal_id = ?");
            args.add(principal);
        }
        if (from != null) {
            sql.append(" AND read_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND read_at < ?");
            args.add(Timestamp.from(to));
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return jdbc.query(
                sql.toString(),
                (rs, n) -> new Entry(
                        rs.getLong("id"),
                        rs.getTimestamp("read_at").toInstant(),
                        rs.getString("principal_id"),
                        rs.getString("roles"),
                        rs.getString("customer_id"),
                        rs.getString("view_name"),
                        rs.getString("client_address")),
                args.toArray());
    }

    private static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
