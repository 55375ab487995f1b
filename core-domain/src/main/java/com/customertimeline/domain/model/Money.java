package com.customertimeline.domain.model;

import java.math.BigDecimal;

/**
 * An amount in an ISO-4217 currency. Always a decimal, never a floating-point double, so totals add up
 * to the cent.
 */
public record Money(BigDecimal amount, String currency) {
    public Money add(Money other) {
        if (!currency.equals(other.currency())) {
            throw new IllegalArgumentException("cannot add " + other.currency() + " to " + currency);
        }
        return new Money(amount.add(other.amount()), currency);
    }

    public Money times(int quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }
}
