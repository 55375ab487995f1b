package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.CardField;
import com.customertimeline.domain.model.ContactPoint;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes the customer card. A null field means "leave as is"; fields named in {@code cleared} are
 * emptied. Only what really changes is recorded.
 */
public record UpdateCustomerCard(
        @TargetAggregateIdentifier String customerId,
        String name,
        String company,
        String position,
        List<Address> addresses,
        List<ContactPoint> contacts,
        Set<CardField> cleared,
        String updatedByRepId,
        Instant occurredAt) {
    public UpdateCustomerCard {
        cleared = cleared == null ? Set.of() : Set.copyOf(cleared);
    }
}
