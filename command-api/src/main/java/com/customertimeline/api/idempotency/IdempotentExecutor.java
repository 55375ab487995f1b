package com.customertimeline.api.idempotency;

import com.customertimeline.app.StorageConfig;
import com.customertimeline.app.backpressure.ProjectionBackPressure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a command at most once per {@code Idempotency-Key}. Internal apps retry on timeouts, so a retry
 * must get the first answer and write nothing.
 *
 * <p>The key row is inserted before the command is dispatched and completed after it, all in one
 * database transaction that the command's own event append joins (Axon's Spring transaction manager
 * participates in the surrounding transaction). Either the events and the key commit together or
 * neither does: a crash in between leaves no key and no events, so the retry simply runs again. Two
 * concurrent requests with one key serialize on the key's primary key; the loser reads the winner's
 * answer. Only successful answers are kept: a rejected command wrote nothing, so retrying it is safe.
 *
 * <p>Where the event store is not in that transaction (Axon Server, {@code
 * timeline.idempotency.same-transaction=false}), the key is first committed as a reservation, the
 * command dispatched, and the reservation completed with the answer. A retry that meets an unfinished
 * reservation gets 409 instead of running the command twice (see ADR 0004 for the residual window).
 *
 * <p>Every command endpoint goes through here, so this is also where a new command waits for
 * {@link ProjectionBackPressure} when the read models are too far behind.
 */
@Component
public class IdempotentExecutor {

    /** What a command endpoint answers: status, optional Location, and the body. */
    public record Outcome(int status, URI location, Object body) {}

    private record Stored(String requestHash, Integer status, String body, String location) {}

    private static final int MAX_KEY_LENGTH = 200;

    /** Set while a bulk import runs on this thread: its lines are not held back by the read side. */
    private static final ThreadLocal<Boolean> IMPORTING = ThreadLocal.withInitial(() -> false);

    /** The keys of the import batch this thread runs, if any. */
    private static final ThreadLocal<KeyBatch> BATCH = new ThreadLocal<>();

    /**
     * The idempotency keys of one batch of imported lines: the ones stored before the batch, read with
     * one query, and the ones the batch answers, written with one batch insert at its end. A line whose
     * key is known is answered from the stored answer without running its command.
     */
    private static final class KeyBatch {
        private final java.util.Map<String, Stored> known = new java.util.HashMap<>();
        private final java.util.Map<String, Stored> answered = new java.util.LinkedHashMap<>();
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper web;
    private final ObjectMapper canonical;
    private final Clock clock;
    private final List<Cache> aggregateCaches;
    private final boolean sameTransaction;
    private final ProjectionBackPressure backPressure;

    IdempotentExecutor(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            ObjectMapper web,
            Clock clock,
            List<Cache> aggregateCaches,
            StorageConfig.IdempotencySchema schema,
            ProjectionBackPressure backPressure,
            @Value("${timeline.idempotency.same-transaction:true}") boolean sameTransaction) {
        this.sameTransaction = sameTransaction;
        this.backPressure = backPressure;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.web = web;
        this.canonical = JsonMapper.builder()
                .findAndAddModules()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
                .build();
        this.clock = clock;
        this.aggregateCaches = aggregateCaches;
    }

    /**
     * Runs one batch of imported lines on this thread, inside the caller's database transaction. Each
     * line's command goes through {@link #execute} as a live one does, but its key is looked up among
     * the batch's stored keys (read with one query before) and recorded for one batch insert after
     * {@code lines} returns, so a batch costs two statements for its keys instead of three per line.
     * The lines are not held back by back-pressure ({@link #withoutBackPressure}).
     *
     * @param keys the Idempotency-Keys of the batch's lines
     */
    public <T> T inImportBatch(java.util.Collection<String> keys, Supplier<T> lines) {
        KeyBatch batch = new KeyBatch();
        jdbc.query(
                "SELECT idem_key, request_hash, status, response_body, location FROM idempotency_key"
                        + " WHERE idem_key = ANY (?)",
                rs -> {
                    batch.known.put(
                            rs.getString(1),
                            new Stored(rs.getString(2), (Integer) rs.getObject(3), rs.getString(4), rs.getString(5)));
                },
                (Object) keys.toArray(String[]::new));
        BATCH.set(batch);
        T result;
        try {
            result = lines.get();
        } finally {
            BATCH.remove();
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.batchUpdate(
                "INSERT INTO idempotency_key (idem_key, request_hash, status, response_body, location, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                batch.answered.entrySet().stream()
                        .map(e -> new Object[] {
                            e.getKey(),
                            e.getValue().requestHash(),
                            e.getValue().status(),
                            e.getValue().body(),
                            e.getValue().location(),
                            now
                        })
                        .toList());
        return result;
    }

    private ResponseEntity<Object> executeInBatch(KeyBatch batch, String key, String hash, Supplier<Outcome> command) {
        Stored existing = batch.known.getOrDefault(key, batch.answered.get(key));
        if (existing != null) {
            return replay(key, hash, existing);
        }
        Outcome outcome = command.get();
        batch.answered.put(
                key,
                new Stored(
                        hash,
                        outcome.status(),
                        json(outcome.body()),
                        outcome.location() == null ? null : outcome.location().toString()));
        return toResponse(outcome, false);
    }

    /**
     * Runs {@code lines} on this thread without back-pressure. A bulk import writes history faster than
     * the projections follow by design (they catch up afterwards at replay speed); holding every line
     * until the read side caught up would cap the import at the projections' rate.
     */
    public <T> T withoutBackPressure(Supplier<T> lines) {
        IMPORTING.set(true);
        try {
            return lines.get();
        } finally {
            IMPORTING.remove();
        }
    }

    private void admit() {
        if (!IMPORTING.get() && BATCH.get() == null) {
            backPressure.admit();
        }
    }

    /**
     * @param key the Idempotency-Key header, or null to run without idempotency
     * @param request what identifies the request besides the key: method, path and the parsed body
     */
    public ResponseEntity<Object> execute(
            String key, String method, String path, Object request, Supplier<Outcome> command) {
        if (key == null) {
            admit();
            return toResponse(command.get(), false);
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidIdempotencyKeyException(MAX_KEY_LENGTH);
        }
        String hash = fingerprint(method, path, request);
        KeyBatch batch = BATCH.get();
        if (batch != null) {
            return executeInBatch(batch, key, hash, command);
        }
        Stored existing = find(key);
        if (existing != null) {
            return replay(key, hash, existing);
        }
        // a retry of an answered request is answered above without waiting; a new command waits here,
        // before its transaction opens, so waiting holds no database connection
        admit();
        if (!sameTransaction) {
            return reserveThenExecute(key, hash, command);
        }
        AtomicBoolean commandSucceeded = new AtomicBoolean();
        try {
            Outcome outcome = transactions.execute(status -> {
                jdbc.update(
                        "INSERT INTO idempotency_key (idem_key, request_hash, created_at) VALUES (?, ?, ?)",
                        key,
                        hash,
                        Timestamp.from(clock.instant()));
                Outcome result = command.get();
                commandSucceeded.set(true);
                jdbc.update(
                        "UPDATE idempotency_key SET status = ?, response_body = ?, location = ? WHERE idem_key = ?",
                        result.status(),
                        json(result.body()),
                        result.location() == null ? null : result.location().toString(),
                        key);
                return result;
            });
            return toResponse(outcome, false);
        } catch (DuplicateKeyException raced) {
            Stored winner = find(key);
            if (winner == null) {
                throw raced;
            }
            return replay(key, hash, winner);
        } catch (RuntimeException e) {
            if (commandSucceeded.get()) {
                // The command's unit of work committed (and updated the aggregate cache), but the
                // surrounding transaction did not: drop cached aggregates so the next command reloads
                // from the event store. A rejected command needs nothing: Axon rolled it back itself.
                aggregateCaches.forEach(Cache::removeAll);
            }
            throw e;
        }
    }

    private ResponseEntity<Object> reserveThenExecute(String key, String hash, Supplier<Outcome> command) {
        try {
            jdbc.update(
                    "INSERT INTO idempotency_key (idem_key, request_hash, created_at) VALUES (?, ?, ?)",
                    key,
                    hash,
                    Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException raced) {
            return replay(key, hash, find(key));
        }
        Outcome result;
        try {
            result = command.get();
        } catch (RuntimeException rejected) {
            jdbc.update("DELETE FROM idempotency_key WHERE idem_key = ? AND status IS NULL", key);
            throw rejected;
        }
        jdbc.update(
                "UPDATE idempotency_key SET status = ?, response_body = ?, location = ? WHERE idem_key = ?",
                result.status(),
                json(result.body()),
                result.location() == null ? null : result.location().toString(),
                key);
        return toResponse(result, false);
    }

    private ResponseEntity<Object> replay(String key, String hash, Stored stored) {
        if (!stored.requestHash().equals(hash)) {
            throw new IdempotencyKeyReusedException(key);
        }
        if (stored.status() == null) {
            throw new IdempotencyKeyInProgressException(key);
        }
        try {
            JsonNode body = stored.body() == null ? null : web.readTree(stored.body());
            URI location = stored.location() == null ? null : URI.create(stored.location());
            return toResponse(new Outcome(stored.status(), location, body), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored answer for key " + key + " is unreadable", e);
        }
    }

    private Stored find(String key) {
        return jdbc
                .query(
                        "SELECT request_hash, status, response_body, location FROM idempotency_key WHERE idem_key = ?",
                        (rs, row) -> new Stored(
                                rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4)),
                        key)
                .stream()
                .findFirst()
                .orElse(null);
    }

    private static ResponseEntity<Object> toResponse(Outcome outcome, boolean replayed) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(outcome.status());
        if (outcome.location() != null) {
            builder.location(outcome.location());
        }
        if (replayed) {
            builder.header("Idempotent-Replayed", "true");
        }
        builder.header(HttpHeaders.CACHE_CONTROL, "no-store");
        return builder.body(outcome.body());
    }

    private String fingerprint(String method, String path, Object request) {
        try {
            byte[] body = canonical.writeValueAsBytes(request);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint request", e);
        }
    }

    private String json(Object body) {
        try {
            return web.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store answer", e);
        }
    }
}
