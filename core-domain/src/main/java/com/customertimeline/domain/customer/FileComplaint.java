package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records a complaint; the 24-hour first-response promise starts at {@code occurredAt}.
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
 */
public record FileComplaint(
        @TargetAggregateIdentifier String customerId,
        String complaintId,
        Channel channel,
        String category,
        ComplaintSeverity severity,
        String description,
        String repId,
        Instant occurredAt,
        boolean imported) {
    /** Current history, not an import: business time may not precede the customer's registration. */
    public FileComplaint(
            String customerId,
            String complaintId,
            Channel channel,
            String category,
            ComplaintSeverity severity,
            String description,
            String repId,
            Instant occurredAt) {
        this(customerId, complaintId, channel, category, severity, description, repId, occurredAt, false);
    }
}
