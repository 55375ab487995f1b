package com.customertimeline.domain.model;

/** Kind of contact point on a customer card. */
public enum ContactType {
    EMAIL,
    PHONE,
    MOBILE,
    FAX,
    WEB,
    SOCIAL,
    OTHER
}
