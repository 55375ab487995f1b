package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.ReassignmentReason;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moves ownership to another active rep, with the reason and a note for the incoming owner.
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
 */
public record ReassignCustomer(
        @TargetAggregateIdentifier String customerId,
        String toRepId,
        ReassignmentReason reason,
        String handoverNote,
        Instant occurredAt,
        boolean imported) {
    /** Current history, not an import: business time may not precede the customer's registration. */
    public ReassignCustomer(
            String customerId, String toRepId, ReassignmentReason reason, String handoverNote, Instant occurredAt) {
        this(customerId, toRepId, reason, handoverNote, occurredAt, false);
    }
}
