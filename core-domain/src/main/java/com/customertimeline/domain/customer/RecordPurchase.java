package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records an order. {@code total} may be given (discounts, shipping, tax); when absent it is the sum of
 * the line items. Order ids are unique per customer.
 */
public record RecordPurchase(
        @TargetAggregateIdentifier String customerId,
        String orderId,
        List<LineItem> lineItems,
        Money total,
        String repId,
        Instant occurredAt) {
    public RecordPurchase {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }
}
