package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FollowUp;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A conversation with the customer took place. */
@Revision("1")
public record InteractionRecorded(
        String customerId,
        String interactionId,
        Channel channel,
        Direction direction,
        String repId,
        String summary,
        Integer satisfaction,
        FollowUp followUp,
        Instant occurredAt) {}
