package com.customertimeline.domain.rep;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A rep joined and can own customers. */
@Revision("1")
public record RepRegistered(String repId, String displayName, String team, Instant occurredAt) {}
