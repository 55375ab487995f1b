package com.customertimeline.domain.rep;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A real, map-backed {@link RepRoster} for aggregate tests. */
public final class InMemoryRepRoster implements RepRoster {

    private final Map<String, RepStatus> reps = new HashMap<>();

    public InMemoryRepRoster with(String repId, RepStatus status) {
        reps.put(repId, status);
        return this;
    }

    @Override
    public Optional<RepStatus> statusOf(String repId) {
        return Optional.ofNullable(reps.get(repId));
    }
}
