package com.customertimeline.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP tests that change the stored history behind the service's back (the tamper-evidence
 * tests): a service and database of their own, so that a replay of the shared history by another test
 * still rebuilds the same read models.
 */
public abstract class OwnStoreServiceIT extends ServiceTestBase {

    private static final String DATABASE = EmbeddedPostgresSupport.newDatabase("tampered");

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws Exception {
        storage(registry, DATABASE);
    }
}
