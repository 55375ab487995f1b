package com.customertimeline.domain.model;

import java.util.List;

/**
 * What a rep needs to recognise the customer: name, employer, position, addresses and contact points.
 * Lists are copied so a card, once in an event, cannot change.
 */
public record CustomerCard(
        String name, String company, String position, List<Address> addresses, List<ContactPoint> contacts) {
    public CustomerCard {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }
}
