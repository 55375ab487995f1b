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

    public static void main(String[] args) {
        SpringApplication.run(CustomerTimelineApplication.class, args);
    }
}
