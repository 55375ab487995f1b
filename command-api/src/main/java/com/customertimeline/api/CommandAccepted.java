package com.customertimeline.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to an accepted command: the ids involved and the aggregate's version after the command
 * (sequence number of its last event). Pass {@code version} as {@code minVersion} to a read to see
 * your own write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandAccepted(
        String customerId, String repId, String interactionId, String orderId, String complaintId, long version) {

    public static CommandAccepted customer(String customerId, long version) {
        return new CommandAccepted(customerId, null, null, null, null, version);
    }

    static CommandAccepted rep(String repId, long version) {
        return new CommandAccepted(null, repId, null, null, null, version);
    }

    CommandAccepted withInteraction(String interactionId) {
        return new CommandAccepted(customerId, repId, interactionId, orderId, complaintId, version);
    }

    CommandAccepted withOrder(String orderId) {
        return new CommandAccepted(customerId, repId, interactionId, orderId, complaintId, version);
    }

    CommandAccepted withComplaint(String complaintId) {
        return new CommandAccepted(customerId, repId, interactionId, orderId, complaintId, version);
    }
}
