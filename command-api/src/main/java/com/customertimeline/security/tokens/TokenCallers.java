package com.customertimeline.security.tokens;

import com.customertimeline.security.Caller;
import com.customertimeline.security.CallerAuthentication;
import com.customertimeline.security.Role;
import com.customertimeline.security.SecurityProperties;
import com.customertimeline.security.accounts.AccountStore;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a verified token into a {@link Caller}, reading roles, rep id and team from the configured
 * claims (dotted paths reach into nested claims, as Keycloak's {@code realm_access.roles}). Role names
 * the service does not know are ignored. On the embedded default the account behind the token must
 * still be enabled, so disabling an account takes effect at once and not at the token's expiry.
 */
public class TokenCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SecurityProperties.Claims names;
    private final AccountStore accounts;

    /** @param accounts the embedded default's accounts, or null for an outside identity provider */
    public TokenCallers(SecurityProperties.Claims names, AccountStore accounts) {
        this.names = names;
        this.accounts = accounts;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        if (accounts != null
                && accounts.find(jwt.getSubject())
                        .map(account -> !account.enabled())
                        .orElse(true)) {
            throw new DisabledException("the account of this token is disabled or gone");
        }
        return new CallerAuthentication(caller(jwt.getSubject(), jwt.getClaims()));
    }

    /**
     * The caller named by a verified set of claims (an access token's, or the ID token's of a person
     * signing in to the workspace through the identity provider).
     */
    public Caller caller(String subject, Map<String, Object> claims) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (claim(claims, names.roles()) instanceof Collection<?> values) {
            for (Object value : values) {
                try {
                    roles.add(Role.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException unknownRole) {
                    // a role of another application in the same realm
                }
            }
        }
        boolean client = claim(claims, names.clientId()) != null;
        return new Caller(
                subject,
                client ? Caller.Kind.CLIENT : Caller.Kind.PERSON,
                roles,
                text(claim(claims, names.repId())),
                text(claim(claims, names.team())));
    }

    private static Object claim(Map<String, Object> claims, String path) {
        Object current = claims;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
