package com.customertimeline.domain.model;

/** One line of an order: what was bought, how many, at what unit price. */
public record LineItem(String sku, String description, int quantity, Money unitPrice) {}
