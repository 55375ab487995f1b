package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The customer complained. */
@Revision("1")
public record ComplaintFiled(
        String customerId,
        String complaintId,
        Channel channel,
        String category,
        ComplaintSeverity severity,
        String description,
        String repId,
        Instant occurredAt) {}
