package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Ownership of the customer moved from one rep to another. */
@Revision("1")
public record CustomerReassigned(
        @DataSubject String customerId,
        String fromRepId,
        String toRepId,
        ReassignmentReason reason,
        @PersonalData String handoverNote,
        Instant occurredAt) {}
