package com.customertimeline.domain.rep;

import java.util.Optional;

/**
 * Port through which the customer aggregate asks whether a rep exists and is still active before it
 * accepts a new owner or a rep acting for the customer. It is a port, not a direct dependency on the
 * {@link Rep} aggregate's repository, so the domain stays free of infrastructure and aggregate tests can
 * supply a simple roster.
 */
public interface RepRoster {

    /**
     * The rep's status, or empty when no such rep was ever registered. For ownership: the answer must
     * hold until the command commits, so that a departure cannot slip in and leave a customer with a
     * departed owner.
     */
    Optional<RepStatus> statusOf(String repId);

    /**
     * The rep's standing, or empty when no such rep was ever registered. For reps who act (record,
     * respond, resolve): no need to hold the rep, since a departure recorded a moment later does not
     * undo what the rep did before it; commands by one rep can then run side by side.
     */
    Optional<RepStanding> standingOf(String repId);
}
