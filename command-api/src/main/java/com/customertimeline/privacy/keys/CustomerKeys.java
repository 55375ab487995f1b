package com.customertimeline.privacy.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each customer's own data key: created with the customer's first stored event, wrapped by the
 * {@link MasterKey} (the customer id bound in as associated data, so a wrapped key copied to another
 * row does not open), and destroyed on erasure. Destroying the key is what erases: every personal text
 * of that customer, in every event, snapshot and backup, is ciphertext nobody can open any more.
 *
 * <p>Keys are created and destroyed in transactions of their own, committed before they are used: a key
 * that encrypted a stored event must never roll back with some other transaction. Unwrapped keys are
 * cached; a load and a destruction of the same customer's key never interleave, so no destroyed key
 * survives in the cache.
 */
public final class CustomerKeys {

    /** A customer's personal data cannot be written: their key was destroyed when they were erased. */
    public static final class KeyDestroyedException extends IllegalStateException {
        KeyDestroyedException(String customerId) {
            super("customer " + customerId + " was erased; their personal data can no longer be written");
        }
    }

    /** A cached key, or the fact that it was destroyed. */
    private record Held(Aead aead) {
        boolean destroyed() {
            return aead == null;
        }
    }

    private static final Held DESTROYED = new Held(null);
    private static final byte[] PROBE = "customer-timeline master key check".getBytes(StandardCharsets.UTF_8);

    private final MasterKey master;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Cache<String, Held> cache;

    public CustomerKeys(MasterKey master, JdbcTemplate jdbc, PlatformTransactionManager transactions, long cacheSize) {
        this.master = master;
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /**
     * Creates the key table and checks that the master key is the one the stored keys were wrapped with:
     * a service started with another master key would otherwise read every customer as erased.
     */
    public void prepare() {
        ownTransaction.executeWithoutResult(status -> {
            jdbc.execute("CREATE TABLE IF NOT EXISTS customer_data_key ("
                    + " customer_id VARCHAR(200) NOT NULL PRIMARY KEY,"
                    + " wrapped_key BYTEA,"
                    + " created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " destroyed_at TIMESTAMP WITH TIME ZONE)");
            jdbc.execute("CREATE TABLE IF NOT EXISTS privacy_master_key_check ("
                    + " id INT NOT NULL PRIMARY KEY, probe BYTEA NOT NULL)");
        });
        List<byte[]> probes =
                jdbc.query("SELECT probe FROM privacy_master_key_check WHERE id = 1", (rs, i) -> rs.getBytes(1));
        try {
            if (probes.isEmpty()) {
                byte[] probe = master.aead().encrypt(PROBE, PROBE);
                ownTransaction.executeWithoutResult(status -> jdbc.update(
                        "INSERT INTO privacy_master_key_check (id, probe) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
                        (Object) probe));
            } else {
                master.aead().decrypt(probes.get(0), PROBE);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the master key from " + master.origin()
                    + " is not the one this database's customer keys were wrapped with; start with the"
                    + " original master key (ADR 0017)");
        }
    }

    /** The key to encrypt the customer's personal texts with, created on first use. */
    public Aead forWriting(String customerId) {
        Held held = cache.get(customerId, this::load);
        if (held == null) {
            ownTransaction.executeWithoutResult(status -> create(customerId));
            held = cache.get(customerId, this::load);
        }
        if (held == null || held.destroyed()) {
            throw new KeyDestroyedException(customerId);
        }
        return held.aead();
    }

    /**
     * Creates the keys of customers about to be registered together (a batch of an import), in one
     * transaction of its own, instead of one transaction (and one flush to disk) per customer on first
     * use. A customer who has a key keeps it; a key made for a registration that is then refused stays
     * unused, as one made by {@link #forWriting} would.
     */
    public void createAll(java.util.Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> {
            java.util.Set<String> existing = new java.util.HashSet<>(jdbc.queryForList(
                    "SELECT customer_id FROM customer_data_key WHERE customer_id = ANY (?)", String.class, (Object)
                            customerIds.toArray(String[]::new)));
            Timestamp now = Timestamp.from(Instant.now());
            List<Object[]> rows = new java.util.ArrayList<>();
            for (String customerId : new java.util.LinkedHashSet<>(customerIds)) {
                if (!existing.contains(customerId)) {
                    rows.add(new Object[] {customerId, wrappedNewKey(customerId), now});
                }
            }
            jdbc.batchUpdate(
                    "INSERT INTO customer_data_key (customer_id, wrapped_key, created_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (customer_id) DO NOTHING",
                    rows);
        });
    }

    /** The key to decrypt the customer's personal texts with; empty once it was destroyed. */
    public Optional<Aead> forReading(String customerId) {
        Held held = cache.get(customerId, this::load);
        return held == null || held.destroyed() ? Optional.empty() : Optional.of(held.aead());
    }

    /** Whether the customer's key was destroyed. */
    public boolean isDestroyed(String customerId) {
        Held held = cache.get(customerId, this::load);
        return held != null && held.destroyed();
    }

    /**
     * Destroys the customer's key for good, in a transaction of its own; afterwards nothing written with
     * it can be read. Repeating it changes nothing.
     */
    public void destroy(String customerId) {
        cache.asMap().compute(customerId, (id, previous) -> {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "INSERT INTO customer_data_key (customer_id, wrapped_key, created_at, destroyed_at)"
                            + " VALUES (?, NULL, ?, ?) ON CONFLICT (customer_id) DO UPDATE SET wrapped_key = NULL,"
                            + " destroyed_at = COALESCE(customer_data_key.destroyed_at, EXCLUDED.destroyed_at)",
                    id,
                    Timestamp.from(Instant.now()),
                    Timestamp.from(Instant.now())));
            return DESTROYED;
        });
    }

    private void create(String customerId) {
        jdbc.update(
                "INSERT INTO customer_data_key (customer_id, wrapped_key, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (customer_id) DO NOTHING",
                customerId,
                wrappedNewKey(customerId),
                Timestamp.from(Instant.now()));
    }

    private byte[] wrappedNewKey(String customerId) {
        try {
            KeysetHandle key = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(key, master.aead(), associatedData(customerId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a data key", e);
        }
    }

    /** Read in a transaction of its own, so no caller's transaction holds a lock on the key table. */
    private Held load(String customerId) {
        List<Optional<byte[]>> rows = ownTransaction.execute(status -> jdbc.query(
                "SELECT wrapped_key FROM customer_data_key WHERE customer_id = ?",
                (rs, i) -> Optional.ofNullable(rs.getBytes(1)),
                customerId));
        if (rows.isEmpty()) {
            return null;
        }
        if (rows.get(0).isEmpty()) {
            return DESTROYED;
        }
        try {
            KeysetHandle key = TinkProtoKeysetFormat.parseEncryptedKeyset(
                    rows.get(0).get(), master.aead(), associatedData(customerId));
            return new Held(key.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the data key of customer " + customerId + " does not open", e);
        }
    }

    private static byte[] associatedData(String customerId) {
        return customerId.getBytes(StandardCharsets.UTF_8);
    }
}
