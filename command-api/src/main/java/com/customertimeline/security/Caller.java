package com.customertimeline.security;

import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, whatever way they authenticated (an account's password, an API client's secret, a
 * token of the embedded issuer or of the company's identity provider): one shape, so every access rule
 * and the actor recorded in events are decided the same way on every path.
 *
 * @param principal the account or client id (the token's subject)
 * @param kind a person (rep, manager, auditor, admin) or an API client (an app)
 * @param roles what the caller may do
 * @param repId the rep the person is, for reps and managers; null otherwise
 * @param team the person's team, for managers (and reps); null otherwise
 */
public record Caller(String principal, Kind kind, Set<Role> roles, String repId, String team) {

    /** A person signs in; a client is a program acting for the company. */
    public enum Kind {
        PERSON,
        CLIENT
    }

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The caller of the current request, if it is authenticated. */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }

    /** The caller of the current request; only called where the security rules require authentication. */
    public static Caller require() {
        return current().orElseThrow(() -> new IllegalStateException("no authenticated caller"));
    }
}
