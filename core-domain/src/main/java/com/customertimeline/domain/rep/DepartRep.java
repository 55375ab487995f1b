package com.customertimeline.domain.rep;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A rep leaves. Their customers go to the successors: one successor takes all, several share the
 * portfolio by current load. {@code occurredAt} is when the departure takes effect.
 */
public record DepartRep(
        @TargetAggregateIdentifier String repId, String reason, List<String> successorRepIds, Instant occurredAt) {
    public DepartRep {
        successorRepIds = successorRepIds == null ? List.of() : List.copyOf(successorRepIds);
    }
}
