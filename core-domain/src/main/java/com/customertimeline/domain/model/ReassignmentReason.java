package com.customertimeline.domain.model;

/** Why ownership of a customer moved. Ownership changes are routine, so each one carries its reason. */
public enum ReassignmentReason {
    /** Business development hands a won customer to customer development. */
    DEVELOPMENT_HANDOVER,
    TEAM_CHANGE,
    WORKLOAD_BALANCING,
    CUSTOMER_REQUEST,
    REP_DEPARTED,
    OTHER
}
