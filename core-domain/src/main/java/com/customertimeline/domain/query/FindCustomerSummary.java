package com.customertimeline.domain.query;

/** Asks for the customer-360 summary of one customer. */
public record FindCustomerSummary(String customerId) {}
