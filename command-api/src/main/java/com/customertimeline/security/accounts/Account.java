package com.customertimeline.security.accounts;

import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import java.time.Instant;
import java.util.Set;

/**
 * A principal of the embedded default: a person (with a password) or an API client (with a secret).
 * Only the hash of the password or secret is kept.
 */
public record Account(
        String id,
        Caller.Kind kind,
        String secretHash,
        Set<Role> roles,
        String repId,
        String team,
        boolean enabled,
        Instant createdAt,
        String createdBy) {

    public Caller caller() {
        return new Caller(id, kind, roles, repId, team);
    }
}
