package com.customertimeline.privacy;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the master key that wraps every customer's data key comes from (ADR 0017).
 *
 * @param masterKey the master keyset itself, as Tink JSON (production passes it from a secret store or
 *     replaces it with a KMS key; it is never written to the log)
 * @param masterKeyFile a file holding the master keyset, used when {@code masterKey} is not set; created
 *     with a new key on first start, readable by the service's user only. Defaults to
 *     {@code ${timeline.data-dir}/privacy/master-key.json}
 * @param keyCache how many customers' unwrapped data keys stay in memory
 * @param sealingBatch how many stored events one transaction of the sealing of events stored before
 *     encryption looks at
 */
@ConfigurationProperties("timeline.privacy")
public record PrivacyProperties(
        String masterKey,
        Path masterKeyFile,
        @DefaultValue("100000") long keyCache,
        @DefaultValue("1000") int sealingBatch) {

    public PrivacyProperties {
        if (keyCache < 1) {
            throw new IllegalArgumentException("timeline.privacy.key-cache must be at least 1, was " + keyCache);
        }
        if (sealingBatch < 1) {
            throw new IllegalArgumentException(
                    "timeline.privacy.sealing-batch must be at least 1, was " + sealingBatch);
        }
    }

    @Override
    public String toString() {
        return "PrivacyProperties[masterKey=" + (masterKey == null ? "unset" : "<secret>") + ", masterKeyFile="
                + masterKeyFile + ", keyCache=" + keyCache + ", sealingBatch=" + sealingBatch + "]";
    }
}
