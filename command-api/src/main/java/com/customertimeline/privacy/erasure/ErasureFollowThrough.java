package com.customertimeline.privacy.erasure;

import com.customertimeline.domain.customer.CustomerPersonalDataErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Finishes an erasure whose clean-up did not: the service may die after the erasure was recorded and
 * before its key was destroyed or its views rebuilt. The recorded event is the promise; this handler
 * keeps it, and its processor retries until the clean-up succeeds (errors propagate; ADR 0017). A
 * side effect, so never replayed.
 */
@Component
@ProcessingGroup(ErasureFollowThrough.GROUP)
public class ErasureFollowThrough {

    public static final String GROUP = "personal-data-erasure";

    private final ErasingPersonalData erasing;

    ErasureFollowThrough(ErasingPersonalData erasing) {
        this.erasing = erasing;
    }

    @EventHandler
    @DisallowReplay
    void on(CustomerPersonalDataErased event, @SequenceNumber long sequence) {
        if (!erasing.completed(event.customerId())) {
            erasing.cleanUp(event.customerId(), sequence);
        }
    }
}
