package com.customertimeline.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, started from Maven Central binaries. Tests get their own
 * database on it, so the event store under test is the real thing, not a mock or an in-memory double.
 */
public final class EmbeddedPostgresSupport {

    /**
     * Connection pool size for services on the shared server: Spring keeps several test contexts
     * alive at once, and the server allows 100 connections.
     */
    public static final String POOL_SIZE = "16";

    private static EmbeddedPostgres server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private EmbeddedPostgresSupport() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting anyway
                }
            }));
        }
        return server;
    }

    /** Creates a fresh, empty database and returns its JDBC URL. */
    public static String newDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    /**
     * The settings of a service started by a test on a fresh database of its own (named after {@code
     * prefix}), its files in {@code dataDir} and its read models in memory; a mutable map the test may
     * add its own settings to.
     */
    public static Map<String, Object> ownStorage(String prefix, Path dataDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.datasource.url", newDatabase(prefix));
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "postgres");
        settings.put("spring.datasource.hikari.maximum-pool-size", POOL_SIZE);
        settings.put("timeline.data-dir", dataDir.toString());
        settings.put("timeline.mongo.backend", "memory");
        return settings;
    }
}
