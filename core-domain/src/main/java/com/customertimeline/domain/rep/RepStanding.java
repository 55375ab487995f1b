package com.customertimeline.domain.rep;

import java.time.Instant;

/**
 * What a command needs to know about a rep it names as acting: the status and, once departed, from when
 * (business time; null if unknown, which counts as "always"). A rep could act for anything that happened
 * before the departure, so imported or backdated history by a rep who has since left is accepted.
 */
public record RepStanding(RepStatus status, Instant departedAt) {

    /** Whether the rep was registered and had not yet departed at {@code at}. */
    public boolean activeAt(Instant at) {
        return status == RepStatus.ACTIVE || (departedAt != null && at != null && at.isBefore(departedAt));
    }
}
