package com.customertimeline.domain.model;

/** A field of the customer card, used to ask for a field to be cleared. */
public enum CardField {
    NAME,
    COMPANY,
    POSITION,
    ADDRESSES,
    CONTACTS
}
