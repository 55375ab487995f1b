package com.customertimeline.domain.customer;

import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A promise made in an interaction was kept. */
@Revision("1")
public record FollowUpCompleted(
        @DataSubject String customerId,
        String interactionId,
        String repId,
        @PersonalData String note,
        Instant occurredAt) {}
