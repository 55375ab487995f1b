package com.customertimeline.projections.support;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Supplies the UTC system clock that read-time derivations (days since contact, HISTORICAL, overdue,
 * complaint age) use, unless the application defines its own {@link Clock}. It is an auto-configuration,
 * not a scanned configuration, because only auto-configurations run after the application's beans are
 * known, which {@link ConditionalOnMissingBean} needs to be reliable.
 */
@AutoConfiguration
public class ReadSideClockAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
