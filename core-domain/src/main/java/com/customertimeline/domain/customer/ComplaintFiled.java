package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The customer complained. */
@Revision("1")
public record ComplaintFiled(
        @DataSubject String customerId,
        String complaintId,
        Channel channel,
        String category,
        ComplaintSeverity severity,
        @PersonalData String description,
        String repId,
        Instant occurredAt) {}
