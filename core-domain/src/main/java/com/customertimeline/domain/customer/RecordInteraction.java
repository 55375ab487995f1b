package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FollowUp;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records a conversation on any channel, optionally with a satisfaction score and a promise made.
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
 */
public record RecordInteraction(
        @TargetAggregateIdentifier String customerId,
        String interactionId,
        Channel channel,
        Direction direction,
        String repId,
        String summary,
        Integer satisfaction,
        FollowUp followUp,
        Instant occurredAt,
        boolean imported) {
    /** Current history, not an import: business time may not precede the customer's registration. */
    public RecordInteraction(
            String customerId,
            String interactionId,
            Channel channel,
            Direction direction,
            String repId,
            String summary,
            Integer satisfaction,
            FollowUp followUp,
            Instant occurredAt) {
        this(customerId, interactionId, channel, direction, repId, summary, satisfaction, followUp, occurredAt, false);
    }
}
