package com.customertimeline.domain.rep;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds a rep who can own customers. */
public record RegisterRep(
        @TargetAggregateIdentifier String repId, String displayName, String team, Instant occurredAt) {}
