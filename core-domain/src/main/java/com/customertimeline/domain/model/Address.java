package com.customertimeline.domain.model;

/** A postal address on the customer card; {@code label} says which one it is (billing, office, home). */
public record Address(String label, String street, String city, String postalCode, String region, String country) {}
