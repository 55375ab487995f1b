package com.customertimeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpdateCheckerDefaultTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(CustomerTimelineApplication.UPDATE_CHECKER_DISABLED);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(CustomerTimelineApplication.UPDATE_CHECKER_DISABLED);
        } else {
            System.setProperty(CustomerTimelineApplication.UPDATE_CHECKER_DISABLED, before);
        }
    }

    @Test
    void theServiceDoesNotReportToAxonIqUnlessTheOperatorOptsIn() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null);
        System.clearProperty(CustomerTimelineApplication.UPDATE_CHECKER_DISABLED);

        CustomerTimelineApplication.disableUpdateCheckerUnlessConfigured();

        assertThat(System.getProperty(CustomerTimelineApplication.UPDATE_CHECKER_DISABLED))
                .isEqualTo("true");
    }

    @Test
    void anOperatorsChoiceIsKept() {
        System.setProperty(CustomerTimelineApplication.UPDATE_CHECKER_DISABLED, "false");

        CustomerTimelineApplication.disableUpdateCheckerUnlessConfigured();

        assertThat(System.getProperty(CustomerTimelineApplication.UPDATE_CHECKER_DISABLED))
                .isEqualTo("false");
    }
}
