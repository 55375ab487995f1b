package com.customertimeline.eventstore;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's relational store: a real PostgreSQL server that the service starts itself,
 * with its files in {@code <data-dir>/postgres}, and stops when it stops. Event store, idempotency keys
 * and the departure ledger live in it.
 *
 * <p>Why PostgreSQL and not H2 (ADR 0011): H2's file store acknowledged a commit before writing it, so
 * a killed service lost up to a second of acknowledged events and handed their sequence numbers out
 * again. PostgreSQL commits through its write-ahead log with {@code fsync} and {@code
 * synchronous_commit} on (checked at start-up, never turned off by default), and concurrent commits
 * share one flush (group commit).
 *
 * <p>The server runs as a separate operating-system process, so a {@code kill -9} of the service
 * leaves it running (orphaned). The service holds an exclusive lock on {@code <data-dir>/postgres.lock}
 * while it runs; whoever holds that lock may treat a server still running on the folder as an orphan
 * of a dead predecessor and stops it (SIGTERM, PostgreSQL's smart shutdown: it has no clients left)
 * before starting its own. A second service on the same folder is refused instead.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The database the service uses on its own server. */
    public static final String DATABASE = "timeline";

    private static final String USER = "postgres";

    /** Settings that make an acknowledged commit survive a process, OS or power failure. */
    static final Map<String, String> DURABILITY = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");

    /**
     * Write-ahead log segments the server no longer needs are deleted, not renamed for reuse: a reused
     * segment keeps old records until overwritten, and those may hold personal texts that were replaced
     * since (ADR 0017). The default exists for copy-on-write file systems only.
     */
    static final Map<String, String> FORGETTING = Map.of("wal_recycle", "off");

    private final EmbeddedPostgres postgres;
    private final Path pgData;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path pgData, FileChannel lockChannel, FileLock lock) {
        this.postgres = postgres;
        this.pgData = pgData;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Starts the server on {@code dataDir/postgres} (created on first use), after stopping a server that
     * a killed predecessor left running there.
     *
     * @param settings PostgreSQL settings ({@code -c name=value}) on top of the durable defaults
     * @param startupWait how long to wait for the server, including crash recovery after a kill
     */
    public static EmbeddedPostgresServer start(Path dataDir, Map<String, String> settings, Duration startupWait) {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(
                    dataDir.resolve("postgres.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another Customer Timeline service is using " + dataDir.toAbsolutePath()
                        + " (" + dataDir.resolve("postgres.lock") + " is locked); stop it first");
            }
            try {
                Path pgData = dataDir.resolve("postgres");
                stopOrphan(pgData);
                Map<String, String> config = new LinkedHashMap<>(DURABILITY);
                config.putAll(FORGETTING);
                config.putAll(settings);
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        // Spring stops the server after the last connection is closed; a JVM hook of
                        // its own could stop it under a committing event processor
                        .setRegisterShutdownHook(false)
                        .setPGStartupWait(startupWait)
                        .setLocaleConfig("locale", "C")
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
                                dataDir.resolve("postgres.log").toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(
                                dataDir.resolve("postgres.log").toFile()));
                config.forEach(builder::setServerConfig);
                EmbeddedPostgres postgres = builder.start();
                EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, pgData, channel, lock);
                try {
                    server.checkDurable();
                    server.createDatabase();
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
                log.info(
                        "Embedded PostgreSQL ready on port {} with its files in {} (fsync and synchronous commit on)",
                        postgres.getPort(),
                        pgData.toAbsolutePath());
                return server;
            } catch (IOException | RuntimeException e) {
                lock.release();
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir.toAbsolutePath(), e);
        }
    }

    /** JDBC URL of the service's database on this server. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public String user() {
        return USER;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The server's process id, as PostgreSQL's own {@code postmaster.pid} names it. */
    public Optional<Long> pid() {
        return postmasterPid(pgData);
    }

    /**
     * Refuses to run with a setting that would let a commit be acknowledged before it is on disk. The
     * library that starts the server passes {@code -F} (no fsync) unless overridden; this proves the
     * override took.
     */
    private void checkDurable() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String name : List.copyOf(DURABILITY.keySet())) {
                try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
                    rs.next();
                    String value = rs.getString(1);
                    if (!"on".equals(value)) {
                        throw new IllegalStateException("embedded PostgreSQL runs with " + name + "=" + value
                                + "; acknowledged commands could be lost, refusing to start");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the embedded PostgreSQL's settings", e);
        }
    }

    private void createDatabase() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + DATABASE, e);
        }
    }

    /**
     * A server still running on the folder while we hold the service lock was left by a service that
     * died without stopping it. PostgreSQL's {@code postmaster.pid} names its process and folder; it is
     * asked to shut down and awaited. A stale file whose process is gone is left to PostgreSQL, which
     * removes it itself at start.
     */
    static void stopOrphan(Path pgData) {
        Optional<Long> pid = postmasterPid(pgData);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isPostgres(process.get())) {
            return;
        }
        log.warn(
                "An embedded PostgreSQL (pid {}) is still running on {}, left by a service that did not stop"
                        + " cleanly; stopping it before starting again",
                pid.get(),
                pgData.toAbsolutePath());
        process.get().destroy();
        try {
            process.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the orphaned PostgreSQL (pid " + pid.get() + ") on " + pgData
                    + " did not stop within 60 s; stop it and start again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the orphaned PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot wait for the orphaned PostgreSQL to stop", e);
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(true); // not visible to us (another user): let PostgreSQL's own lock decide
    }

    /** The first line of PostgreSQL's {@code postmaster.pid} is the server's process id. */
    static Optional<Long> postmasterPid(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops the server (fast shutdown: open transactions roll back, committed ones are on disk). */
    @Override
    public void close() {
        Optional<ProcessHandle> process = pid().flatMap(ProcessHandle::of);
        try {
            postgres.close();
            // the library waits 5 s for the shutdown checkpoint; a large one takes longer
            process.ifPresent(p -> p.onExit().orTimeout(120, TimeUnit.SECONDS).join());
        } catch (IOException | RuntimeException e) {
            log.error("Could not stop the embedded PostgreSQL", e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                log.warn("Could not release {}", lockChannel, e);
            }
        }
    }
}
