package com.customertimeline.security;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers authenticate (ADR 0013).
 *
 * @param mode {@code embedded}: accounts and API clients in the service's own database, HTTP Basic
 *     and tokens the service issues itself; {@code oidc}: bearer tokens of the company's identity
 *     provider only
 * @param tokenLifetime how long a token of the embedded issuer is valid
 * @param oidc the identity provider, for {@code mode=oidc}
 * @param claims where roles, rep id and team are found in a token (dotted paths, e.g.
 *     {@code realm_access.roles} for Keycloak's realm roles)
 */
@ConfigurationProperties("timeline.security")
public record SecurityProperties(
        @DefaultValue("embedded") Mode mode,
        @DefaultValue("1h") Duration tokenLifetime,
        @DefaultValue Oidc oidc,
        @DefaultValue Claims claims) {

    public enum Mode {
        EMBEDDED,
        OIDC
    }

    /**
     * @param issuer the {@code iss} every token must carry
     * @param jwkSetUri where the provider publishes its signing keys
     * @param audience the {@code aud} every token must contain
     */
    public record Oidc(String issuer, URI jwkSetUri, @DefaultValue("customer-timeline") String audience) {}

    /**
     * @param roles claim holding the role names (APP, REP, MANAGER, AUDITOR, ADMIN; case-insensitive)
     * @param repId claim holding the rep id of a person
     * @param team claim holding the team of a person
     * @param clientId claim that marks a token issued to a client (an app) rather than a person
     */
    public record Claims(
            @DefaultValue("roles") String roles,
            @DefaultValue("rep_id") String repId,
            @DefaultValue("team") String team,
            @DefaultValue("client_id") String clientId) {}

    /** The issuer and audience of the embedded default's own tokens. */
    public static final String EMBEDDED_ISSUER = "urn:customer-timeline:embedded";

    public static final String EMBEDDED_AUDIENCE = "customer-timeline";
}
