package com.customertimeline.privacy;

import com.customertimeline.app.StorageConfig.RelationalStoreChecked;
import com.customertimeline.app.TimelineProperties;
import com.customertimeline.privacy.erasure.ErasureFollowThrough;
import com.customertimeline.privacy.keys.CustomerKeys;
import com.customertimeline.privacy.keys.MasterKey;
import com.customertimeline.privacy.serialization.PersonalTexts;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Personal data at rest: the master key, the per-customer key store and the serialization module that
 * seals personal texts in events and snapshots (ADR 0017).
 */
@Configuration
public class PrivacyConfig {

    @Bean
    MasterKey masterKey(PrivacyProperties privacy, TimelineProperties timeline) {
        if (privacy.masterKey() != null && !privacy.masterKey().isBlank()) {
            return MasterKey.fromJson(privacy.masterKey(), "timeline.privacy.master-key");
        }
        return MasterKey.fromFile(
                privacy.masterKeyFile() != null
                        ? privacy.masterKeyFile()
                        : timeline.dataDir().resolve("privacy").resolve("master-key.json"));
    }

    @Bean
    CustomerKeys customerKeys(
            RelationalStoreChecked postgres,
            MasterKey masterKey,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            PrivacyProperties privacy) {
        CustomerKeys keys = new CustomerKeys(masterKey, jdbc, transactions, privacy.keyCache());
        keys.prepare();
        return keys;
    }

    /**
     * The erasure follow-through: one thread, errors retried (an erasure must finish), starting at the
     * stream's head when first started (no erasure existed before it).
     */
    @Bean
    ConfigurerModule erasureFollowThroughProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(
                        ErasureFollowThrough.GROUP,
                        config -> config.eventStore(),
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                .registerListenerInvocationErrorHandler(
                        ErasureFollowThrough.GROUP, config -> PropagatingErrorHandler.instance()));
    }

    @Bean
    PersonalTexts personalTexts(CustomerKeys keys) {
        return new PersonalTexts(keys);
    }
}
