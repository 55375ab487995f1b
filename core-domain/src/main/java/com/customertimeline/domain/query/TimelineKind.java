package com.customertimeline.domain.query;

/**
 * What a timeline entry is about. Conversations ({@link #INTERACTION}, complaints, {@link #FOLLOW_UP_COMPLETED})
 * and system changes ({@link #REGISTERED}, {@link #CARD_UPDATED}, {@link #REASSIGNED}, {@link #HANDOVER_ACKNOWLEDGED}) can be told apart with
 * the kinds filter, so a rep can read either story on its own.
 */
public enum TimelineKind {
    REGISTERED,
    CARD_UPDATED,
    INTERACTION,
    FOLLOW_UP_COMPLETED,
    PURCHASE,
    COMPLAINT_FILED,
    COMPLAINT_RESPONDED,
    COMPLAINT_RESOLVED,
    REASSIGNED,
    HANDOVER_ACKNOWLEDGED,
    /** The customer's personal data was erased on their request; every other fact stays. */
    PERSONAL_DATA_ERASED
}
