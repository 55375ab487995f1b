package com.customertimeline.domain.model;

/** How an interaction or complaint reached us, or how we reached the customer. */
public enum Channel {
    PHONE,
    EMAIL,
    SMS,
    VISIT,
    CHAT,
    COMMUNITY,
    OTHER
}
