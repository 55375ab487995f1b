package com.customertimeline.domain.query;

import com.customertimeline.domain.model.LifecycleStage;
import java.util.Set;

/**
 * Searches customers by a case-insensitive fragment of name, company or a contact value, optionally
 * narrowed to an owner and a lifecycle stage (as seen now). {@code page} is 0-based. {@code visibleOwners}
 * is the caller's scope (null: every owner): a rep's or a team lead's search never lists customers they
 * may not read.
 */
public record SearchCustomers(
        String q, String ownerRepId, Set<String> visibleOwners, LifecycleStage stage, int page, int size) {

    public SearchCustomers(String q, String ownerRepId, LifecycleStage stage, int page, int size) {
        this(q, ownerRepId, null, stage, page, size);
    }

    /** The largest page a caller may ask for. */
    public static final int MAX_SIZE = 200;
}
