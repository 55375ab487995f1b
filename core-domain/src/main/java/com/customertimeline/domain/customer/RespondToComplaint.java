package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Answers an open complaint; the first answer is what the 24-hour promise measures.
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
 */
public record RespondToComplaint(
        @TargetAggregateIdentifier String customerId,
        String complaintId,
        String repId,
        String message,
        Instant occurredAt,
        boolean imported) {
    /** Current history, not an import: business time may not precede the customer's registration. */
    public RespondToComplaint(String customerId, String complaintId, String repId, String message, Instant occurredAt) {
        this(customerId, complaintId, repId, message, occurredAt, false);
    }
}
