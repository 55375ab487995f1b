package com.customertimeline.domain.query;

import com.customertimeline.domain.model.LifecycleStage;

/**
 * Searches customers by a case-insensitive fragment of name, company or a contact value, optionally
 * narrowed to an owner and a lifecycle stage (as seen now). {@code page} is 0-based.
 */
public record SearchCustomers(String q, String ownerRepId, LifecycleStage stage, int page, int size) {

    /** The largest page a caller may ask for. */
    public static final int MAX_SIZE = 200;
}
