package com.customertimeline.projections.web;

/**
 * Asks the event processors to look at the event stream now rather than at their next poll. A read
 * that waits for its own write ({@code minVersion}) calls it when the read model is behind: the write
 * is committed by then, so the processors find it at once, while writes nobody waits for are still
 * gathered into the processors' larger, cheaper batches. Owned by the read side; the storage wiring
 * supplies it where it can (ADR 0023), and where it cannot the processors' own polling stands.
 */
@FunctionalInterface
public interface ProjectionWakeUp {

    void lookNow();
}
