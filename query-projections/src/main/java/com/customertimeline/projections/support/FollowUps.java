package com.customertimeline.projections.support;

import com.customertimeline.domain.customer.FollowUpCompleted;
import org.bson.Document;

/**
 * The open follow-ups (promises) that the summary and the portfolio both keep in a {@code followUps}
 * list, one entry per interaction that made a promise.
 */
public final class FollowUps {

    private FollowUps() {}

    /**
     * Removes the completed follow-up from the document's open ones.
     *
     * @throws IllegalStateException if the document has no such open follow-up: the projection would
     *     otherwise skip the event silently, so the batch fails and is retried instead
     */
    public static void complete(Document document, FollowUpCompleted event) {
        boolean removed = document.getList("followUps", Document.class)
                .removeIf(f -> event.interactionId().equals(f.getString("interactionId")));
        if (!removed) {
            throw new IllegalStateException("customer " + event.customerId() + " has no open follow-up of interaction "
                    + event.interactionId());
        }
    }
}
