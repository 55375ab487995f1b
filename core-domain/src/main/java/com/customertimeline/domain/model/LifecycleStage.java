package com.customertimeline.domain.model;

/**
 * Where a customer stands: POTENTIAL (known, not engaged), INTENTIONAL (showed interest), PURCHASING
 * (bought), HISTORICAL (no longer active). The read side derives the current stage from what happened;
 * the stage given at registration is only the starting point (e.g. when importing an existing buyer).
 */
public enum LifecycleStage {
    POTENTIAL,
    INTENTIONAL,
    PURCHASING,
    HISTORICAL
}
