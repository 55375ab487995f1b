package com.customertimeline.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrivacyPropertiesTest {

    @Test
    void aSealingBatchBelowOneIsRefusedAtStartRatherThanMarkingTheMigrationDoneWithNothingSealed() {
        assertThatThrownBy(() -> new PrivacyProperties(null, null, 100, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeline.privacy.sealing-batch");
        assertThatThrownBy(() -> new PrivacyProperties(null, null, 100, -5))
                .hasMessageContaining("timeline.privacy.sealing-batch");
    }

    @Test
    void aKeyCacheBelowOneIsRefused() {
        assertThatThrownBy(() -> new PrivacyProperties(null, null, 0, 1000))
                .hasMessageContaining("timeline.privacy.key-cache");
    }

    @Test
    void theDefaultsAreAccepted() {
        assertThat(new PrivacyProperties(null, null, 100_000, 1_000).sealingBatch())
                .isEqualTo(1_000);
    }
}
