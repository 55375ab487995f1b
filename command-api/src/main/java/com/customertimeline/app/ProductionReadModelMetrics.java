package com.customertimeline.app;

import com.customertimeline.readmodel.ReadModelWriteMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On a production MongoDB (Spring Boot's client), the documents written per collection, next to the
 * command metrics Spring Boot adds itself; the embedded client gets both in {@link MongoConfig}.
 */
@Configuration
@ConditionalOnProperty(name = "timeline.mongo.embedded", havingValue = "false")
public class ProductionReadModelMetrics {

    @Bean
    MongoClientSettingsBuilderCustomizer readModelWriteMeter(ObjectProvider<MeterRegistry> meters) {
        return settings ->
                meters.ifAvailable(registry -> settings.addCommandListener(new ReadModelWriteMeter(registry)));
    }
}
