package com.customertimeline.eventstore;

import com.customertimeline.app.TimelineProperties;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default's relational store, used when no {@code spring.datasource.url} names an outside
 * database (tests and production name one): the service starts its own PostgreSQL under the data dir
 * and connects to it. The pool is closed before the server stops, since it depends on it.
 */
@Configuration
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedEventStoreConfig {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(TimelineProperties properties) {
        return EmbeddedPostgresServer.start(
                properties.dataDir(),
                properties.eventStore().postgresSettings(),
                properties.eventStore().startupWait());
    }

    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer server) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .driverClassName("org.postgresql.Driver")
                .url(server.jdbcUrl())
                .username(server.user())
                .password("")
                .build();
    }

    /**
     * Runs after every schema exists and before the event processors and the web server start (both
     * start with the context's lifecycle, after all singletons are instantiated).
     */
    @Bean
    SmartInitializingSingleton h2EventStoreMigration(TimelineProperties properties, DataSource dataSource) {
        return () -> new H2EventStoreMigration(properties.dataDir(), dataSource).migrateIfPresent();
    }
}
