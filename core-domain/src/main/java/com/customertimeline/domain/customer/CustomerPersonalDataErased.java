package com.customertimeline.domain.customer;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The customer's personal data was erased: from here on every personal text of the customer's history
 * reads as erased and no command for the customer is accepted. Carries no personal data itself.
 */
@Revision("1")
public record CustomerPersonalDataErased(String customerId, String reason, String erasedBy, Instant occurredAt) {}
