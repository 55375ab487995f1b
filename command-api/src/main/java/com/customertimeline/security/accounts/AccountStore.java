package com.customertimeline.security.accounts;

import com.customertimeline.app.StorageConfig.RelationalStoreChecked;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Accounts and API clients of the embedded default, in the same PostgreSQL database as the events, so
 * they are as durable as the history they guard and travel with a backup of it. Rows are also kept in
 * memory once read: every bearer-token request asks whether its account is still enabled, and on the
 * embedded default this process is the only writer of the table (the data folder is locked to one
 * service), so the copy changes exactly when the table does.
 */
@Repository
public class AccountStore {

    private final JdbcTemplate jdbc;
    private final Map<String, Account> known = new ConcurrentHashMap<>();

    AccountStore(JdbcTemplate jdbc, RelationalStoreChecked postgres) {
        this.jdbc = jdbc;
        jdbc.execute("CREATE TABLE IF NOT EXISTS account ("
                + " principal_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " kind VARCHAR(10) NOT NULL,"
                + " secret_hash VARCHAR(200) NOT NULL,"
                + " roles VARCHAR(200) NOT NULL,"
                + " rep_id VARCHAR(64),"
                + " team VARCHAR(200),"
                + " enabled BOOLEAN NOT NULL,"
                + " created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " created_by VARCHAR(64))");
    }

    /** Adds the account; false if its id is taken. */
    public synchronized boolean add(Account account) {
        try {
            jdbc.update(
                    "INSERT INTO account (principal_id, kind, secret_hash, roles, rep_id, team, enabled, created_at,"
                            + " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    account.id(),
                    account.kind().name(),
                    account.secretHash(),
                    account.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")),
                    account.repId(),
                    account.team(),
                    account.enabled(),
                    Timestamp.from(account.createdAt()),
                    account.createdBy());
            known.remove(account.id());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<Account> find(String id) {
        Account cached = known.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        return load(id);
    }

    /** Reads the row; serialised with the writers so a stale row is never remembered after a change. */
    private synchronized Optional<Account> load(String id) {
        // unknown names are not remembered: guessing them must not fill the memory
        Optional<Account> stored =
                jdbc.query("SELECT * FROM account WHERE principal_id = ?", AccountStore::row, id).stream()
                        .findFirst();
        stored.ifPresent(account -> known.put(id, account));
        return stored;
    }

    public List<Account> all(Caller.Kind kind) {
        return jdbc.query("SELECT * FROM account WHERE kind = ? ORDER BY principal_id", AccountStore::row, kind.name());
    }

    public boolean isEmpty() {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM account", Integer.class);
        return count == null || count == 0;
    }

    /** Enables or disables the account; false if there is none. */
    public synchronized boolean setEnabled(String id, boolean enabled) {
        boolean changed = jdbc.update("UPDATE account SET enabled = ? WHERE principal_id = ?", enabled, id) == 1;
        known.remove(id);
        return changed;
    }

    private static Account row(ResultSet rs, int n) throws SQLException {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(rs.getString("roles").split(","))
                .filter(name -> !name.isBlank())
                .forEach(name -> roles.add(Role.valueOf(name)));
        return new Account(
                rs.getString("principal_id"),
                Caller.Kind.valueOf(rs.getString("kind")),
                rs.getString("secret_hash"),
                roles,
                rs.getString("rep_id"),
                rs.getString("team"),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }
}
