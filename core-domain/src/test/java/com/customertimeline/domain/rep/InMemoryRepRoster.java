package com.customertimeline.domain.rep;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A real, map-backed {@link RepRoster} for aggregate tests. */
public final class InMemoryRepRoster implements RepRoster {

    private final Map<String, RepStanding> reps = new HashMap<>();

    /** A rep with this status; a departed one counts as departed since always. */
    public InMemoryRepRoster with(String repId, RepStatus status) {
        reps.put(repId, new RepStanding(status, null));
        return this;
    }

    /** A rep who departed at {@code at} (business time). */
    public InMemoryRepRoster departed(String repId, Instant at) {
        reps.put(repId, new RepStanding(RepStatus.DEPARTED, at));
        return this;
    }

    @Override
    public Optional<RepStatus> statusOf(String repId) {
        return standingOf(repId).map(RepStanding::status);
    }

    @Override
    public Optional<RepStanding> standingOf(String repId) {
        return Optional.ofNullable(reps.get(repId));
    }
}
