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
 *
 * <p>{@code imported} marks history brought over from elsewhere, which may predate the registration.
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
        Instant occurredAt,
        boolean imported) {
    public UpdateCustomerCard {
        cleared = cleared == null ? Set.of() : Set.copyOf(cleared);
    }

    /** Current history, not an import: business time may not precede the customer's registration. */
    public UpdateCustomerCard(
            String customerId,
            String name,
            String company,
            String position,
            List<Address> addresses,
            List<ContactPoint> contacts,
            Set<CardField> cleared,
            String updatedByRepId,
            Instant occurredAt) {
        this(customerId, name, company, position, addresses, contacts, cleared, updatedByRepId, occurredAt, false);
    }
}
