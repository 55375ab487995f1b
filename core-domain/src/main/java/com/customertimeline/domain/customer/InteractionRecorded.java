package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FollowUp;
import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A conversation with the customer took place. */
@Revision("1")
public record InteractionRecorded(
        @DataSubject String customerId,
        String interactionId,
        Channel channel,
        Direction direction,
        String repId,
        @PersonalData String summary,
        Integer satisfaction,
        @PersonalData FollowUp followUp,
        Instant occurredAt) {}
