package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** The customer bought something. {@code total} is always set. */
@Revision("1")
public record PurchaseRecorded(
        String customerId, String orderId, List<LineItem> lineItems, Money total, String repId, Instant occurredAt) {}
