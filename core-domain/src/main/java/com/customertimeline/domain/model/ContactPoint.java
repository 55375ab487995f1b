package com.customertimeline.domain.model;

/** One way to reach the customer, e.g. {@code EMAIL anna@example.com}. */
public record ContactPoint(ContactType type, String value, String label) {}
