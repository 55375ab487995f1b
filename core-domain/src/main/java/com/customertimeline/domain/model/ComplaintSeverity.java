package com.customertimeline.domain.model;

/** How badly a complaint hurts the relationship; drives triage, not the 24-hour first-response promise,
 * which holds for every complaint. */
public enum ComplaintSeverity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
