package com.customertimeline.domain.query;

/** What an incoming owner needs on day one about one customer. */
public record FindHandoverBrief(String customerId) {}
