package com.customertimeline.domain.rep;

import java.util.Optional;

/**
 * Port through which the customer aggregate asks whether a rep exists and is still active before it
 * accepts a new owner. It is a port, not a direct dependency on the {@link Rep} aggregate's repository,
 * so the domain stays free of infrastructure and aggregate tests can supply a simple roster.
 */
public interface RepRoster {

    /** The rep's status, or empty when no such rep was ever registered. */
    Optional<RepStatus> statusOf(String repId);
}
