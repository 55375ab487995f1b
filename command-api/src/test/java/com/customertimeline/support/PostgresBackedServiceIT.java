package com.customertimeline.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP tests: test classes share one application context and one database, so each test
 * uses fresh ids, and nothing a test does may leave the shared history inconsistent (tampering tests
 * extend {@link OwnStoreServiceIT}).
 */
public abstract class PostgresBackedServiceIT extends ServiceTestBase {

    private static final String DATABASE = EmbeddedPostgresSupport.newDatabase("api");

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws Exception {
        storage(registry, DATABASE);
    }
}
