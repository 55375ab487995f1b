package com.customertimeline.domain.rep;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** A rep left; from now on they can own nothing, and their customers go to the successors. */
@Revision("1")
public record RepDeparted(String repId, String reason, List<String> successorRepIds, Instant occurredAt) {}
