package com.customertimeline.departure;

import java.time.Instant;
import java.util.List;

/**
 * Progress of a rep's departure: how many customers were planned for reassignment, how many are done,
 * pending or failed (with why), and how many each successor receives.
 */
public record DepartureStatus(
        String repId,
        String reason,
        Instant effectiveAt,
        int planned,
        int done,
        int pending,
        int failed,
        boolean complete,
        List<SuccessorShare> successors,
        List<Failure> failures) {

    public record SuccessorShare(String repId, int customers) {}

    public record Failure(String customerId, String successorRepId, String detail) {}
}
