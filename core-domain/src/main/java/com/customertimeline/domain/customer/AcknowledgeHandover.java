package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The new owner confirms they have read the handover brief and taken over the relationship.
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
 */
public record AcknowledgeHandover(
        @TargetAggregateIdentifier String customerId, String repId, Instant occurredAt, boolean imported) {
    /** Current history, not an import: business time may not precede the customer's registration. */
    public AcknowledgeHandover(String customerId, String repId, Instant occurredAt) {
        this(customerId, repId, occurredAt, false);
    }
}
