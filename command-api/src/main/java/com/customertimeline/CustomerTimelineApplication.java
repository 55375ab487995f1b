package com.customertimeline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Customer Timeline service: the command API (write side) and, from query-projections, the read
 * models and read endpoints, in one deployable. Storage is chosen by profile: embedded (default),
 * PostgreSQL for tests, Axon Server + MongoDB replica set in production ({@code axonserver}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CustomerTimelineApplication {

    /** Axon's switch for its update checker (a system property; the environment variable works too). */
    static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        disableUpdateCheckerUnlessConfigured();
        SpringApplication.run(CustomerTimelineApplication.class, args);
    }

    /**
     * Axon 4.12+ reports its version and a machine identifier to AxonIQ once a minute unless told not
     * to. A service holding customer data should not call out to third parties by default, and the
     * attempts fail (and log a warning every minute) where there is no outside network. An operator who
     * wants the check sets {@code -Daxoniq.update-checker.disabled=false} or
     * {@code AXONIQ_UPDATE_CHECKER_DISABLED=false}.
     */
    public static void disableUpdateCheckerUnlessConfigured() {
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null
                && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
    }
}
