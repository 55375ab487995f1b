package com.customertimeline.domain.customer;

import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A complaint was closed and the customer told the outcome. */
@Revision("1")
public record ComplaintResolved(
        @DataSubject String customerId,
        String complaintId,
        String repId,
        @PersonalData String resolution,
        Integer satisfaction,
        Instant occurredAt) {}
