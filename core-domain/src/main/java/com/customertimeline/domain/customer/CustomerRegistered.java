package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A customer's history began. */
@Revision("1")
public record CustomerRegistered(
        @DataSubject String customerId,
        @PersonalData CustomerCard card,
        String ownerRepId,
        LifecycleStage stage,
        Instant occurredAt) {}
