package com.customertimeline.security;

import org.springframework.security.access.AccessDeniedException;

/** A 403 that names why (and which input, if one is to blame), e.g. a rep acting in another rep's name. */
public class AccessRefusedException extends AccessDeniedException {

    private final String code;
    private final String field;

    public AccessRefusedException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
