package com.customertimeline.domain.model;

/** Who started an interaction: the customer (inbound) or us (outbound). Inbound contact is what moves a
 * potential customer to intentional. */
public enum Direction {
    INBOUND,
    OUTBOUND
}
