package com.customertimeline.security.tokens;

import com.customertimeline.app.StorageConfig.RelationalStoreChecked;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import com.customertimeline.security.SecurityProperties;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The embedded default's own token issuer: an API client (or a person) trades its secret for a signed,
 * short-lived token once and sends that token with every request, so the password hash is checked once
 * per token rather than per request, and a token is checked by the same resource-server code (and the
 * same claims) as a production identity provider's. The HMAC key (256 random bits) is made on the first
 * start and kept in the service's database, never in a file of the repository or in the log.
 */
public class EmbeddedTokenIssuer {

    private final SecretKey key;
    private final JwtEncoder encoder;
    private final SecurityProperties properties;
    private final Clock clock;

    public EmbeddedTokenIssuer(
            JdbcTemplate jdbc, RelationalStoreChecked postgres, SecurityProperties properties, Clock clock) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS token_signing_key (id INT NOT NULL PRIMARY KEY, secret BYTEA NOT NULL,"
                + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        jdbc.update(
                "INSERT INTO token_signing_key (id, secret, created_at) VALUES (1, ?, now()) ON CONFLICT (id) DO NOTHING",
                (Object) fresh);
        byte[] secret = jdbc.queryForObject("SELECT secret FROM token_signing_key WHERE id = 1", byte[].class);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.properties = properties;
        this.clock = clock;
    }

    /** A token for the caller, valid for {@code timeline.security.token-lifetime}. */
    public IssuedToken issue(Caller caller) {
        Instant now = clock.instant();
        Instant expires = now.plus(properties.tokenLifetime());
        SecurityProperties.Claims names = properties.claims();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(SecurityProperties.EMBEDDED_ISSUER)
                .audience(List.of(SecurityProperties.EMBEDDED_AUDIENCE))
                .subject(caller.principal())
                .issuedAt(now)
                .expiresAt(expires)
                .id(UUID.randomUUID().toString())
                .claim(
                        names.roles(),
                        caller.roles().stream().map(Role::name).sorted().toList());
        if (caller.kind() == Caller.Kind.CLIENT) {
            claims.claim(names.clientId(), caller.principal());
        }
        if (caller.repId() != null) {
            claims.claim(names.repId(), caller.repId());
        }
        if (caller.team() != null) {
            claims.claim(names.team(), caller.team());
        }
        String token = encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
        return new IssuedToken(token, "Bearer", properties.tokenLifetime().toSeconds());
    }

    /** The decoder for this issuer's tokens (signature only; issuer, audience and times are validated by the caller). */
    public JwtDecoder decoder() {
        return NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    /** The answer of the token endpoint (RFC 6749, section 5.1). */
    public record IssuedToken(
            @com.fasterxml.jackson.annotation.JsonProperty("access_token") String accessToken,
            @com.fasterxml.jackson.annotation.JsonProperty("token_type") String tokenType,
            @com.fasterxml.jackson.annotation.JsonProperty("expires_in") long expiresIn) {}
}
