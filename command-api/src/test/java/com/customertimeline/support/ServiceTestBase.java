package com.customertimeline.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the HTTP tests share: the whole service on a random port, its event store on a real PostgreSQL,
 * its projections in the in-process MongoDB-wire server, and clients for it. A subclass names the
 * database ({@link PostgresBackedServiceIT} the one most tests share).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceTestBase {

    @LocalServerPort
    protected int port;

    /** A client that may send every command and read every view (APP, AUDITOR, ADMIN). */
    protected Http http;

    /** The same service without credentials. */
    protected Http anonymous;

    /** The service's storage on the given PostgreSQL database (a test class with a store of its own passes its own). */
    protected static void storage(DynamicPropertyRegistry registry, String database) throws Exception {
        Path dataDir = Files.createTempDirectory("timeline-it");
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> EmbeddedPostgresSupport.POOL_SIZE);
        // back-pressure stays on, but a test that outruns the projections (bulk registrations) waits
        // for them instead of being refused; BackPressureIT covers refusal
        registry.add("timeline.back-pressure.max-wait", () -> "30s");
        registry.add("timeline.data-dir", dataDir::toString);
        registry.add("timeline.mongo.backend", () -> "memory");
        registry.add("TIMELINE_ADMIN_PASSWORD", () -> TestCallers.ADMIN_PASSWORD);
        registry.add(TestMasterKey.PROPERTY, TestMasterKey::json);
    }

    @BeforeEach
    void client() {
        anonymous = new Http(port);
        http = TestCallers.service(anonymous);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
