package com.customertimeline.domain.customer;

import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A rep answered a complaint; {@code firstResponse} tells whether this was the first answer. */
@Revision("1")
public record ComplaintResponded(
        @DataSubject String customerId,
        String complaintId,
        String repId,
        @PersonalData String message,
        boolean firstResponse,
        Instant occurredAt) {}
