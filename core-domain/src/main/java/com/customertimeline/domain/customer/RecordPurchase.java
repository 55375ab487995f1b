package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records an order. {@code total} may be given (discounts, shipping, tax); when absent it is the sum of
 * the line items. Order ids are unique per customer.
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
 */
public record RecordPurchase(
        @TargetAggregateIdentifier String customerId,
        String orderId,
        List<LineItem> lineItems,
        Money total,
        String repId,
        Instant occurredAt,
        boolean imported) {
    public RecordPurchase {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }

    /** Current history, not an import: business time may not precede the customer's registration. */
    public RecordPurchase(
            String customerId,
            String orderId,
            List<LineItem> lineItems,
            Money total,
            String repId,
            Instant occurredAt) {
        this(customerId, orderId, lineItems, total, repId, occurredAt, false);
    }
}
