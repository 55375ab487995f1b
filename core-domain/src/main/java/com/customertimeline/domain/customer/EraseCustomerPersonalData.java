package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Erases the customer's personal data on the person's request (PIPL art. 47, GDPR art. 17). The facts
 * stay; the texts about the person become unreadable for good once the service destroys the customer's
 * key. {@code reason} is the request's reference (a ticket, a legal basis) and must not itself name the
 * person; {@code erasedBy} is the administrator who carried it out.
 */
public record EraseCustomerPersonalData(
        @TargetAggregateIdentifier String customerId, String reason, String erasedBy, Instant occurredAt) {}
