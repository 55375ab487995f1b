package com.customertimeline.domain.rep;

/** Whether a rep can own customers. */
public enum RepStatus {
    ACTIVE,
    DEPARTED
}
