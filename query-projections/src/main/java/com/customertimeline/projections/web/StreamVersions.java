package com.customertimeline.projections.web;

import java.util.OptionalLong;

/**
 * The current version of a customer's stream in the event store (the sequence number of its last
 * event), or empty when the store has no such stream. Owned by the read side so that it can tell "not
 * yet projected" from "never will be" without depending on the command side.
 */
@FunctionalInterface
public interface StreamVersions {

    OptionalLong currentVersion(String customerId);
}
