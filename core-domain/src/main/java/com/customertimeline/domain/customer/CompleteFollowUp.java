package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Marks the promise made in an interaction as kept.
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
 */
public record CompleteFollowUp(
        @TargetAggregateIdentifier String customerId,
        String interactionId,
        String repId,
        String note,
        Instant occurredAt,
        boolean imported) {
    /** Current history, not an import: business time may not precede the customer's registration. */
    public CompleteFollowUp(String customerId, String interactionId, String repId, String note, Instant occurredAt) {
        this(customerId, interactionId, repId, note, occurredAt, false);
    }
}
