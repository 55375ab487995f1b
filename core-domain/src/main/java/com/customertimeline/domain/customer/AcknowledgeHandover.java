package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The new owner confirms they have read the handover brief and taken over the relationship. */
public record AcknowledgeHandover(@TargetAggregateIdentifier String customerId, String repId, Instant occurredAt) {}
