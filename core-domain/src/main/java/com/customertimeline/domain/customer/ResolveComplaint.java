package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Closes an open complaint with the outcome told to the customer.
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
 */
public record ResolveComplaint(
        @TargetAggregateIdentifier String customerId,
        String complaintId,
        String repId,
        String resolution,
        Integer satisfaction,
        Instant occurredAt,
        boolean imported) {
    /** Current history, not an import: business time may not precede the customer's registration. */
    public ResolveComplaint(
            String customerId,
            String complaintId,
            String repId,
            String resolution,
            Integer satisfaction,
            Instant occurredAt) {
        this(customerId, complaintId, repId, resolution, satisfaction, occurredAt, false);
    }
}
