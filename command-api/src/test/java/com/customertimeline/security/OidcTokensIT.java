package com.customertimeline.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.EmbeddedPostgresSupport;
import com.customertimeline.support.Http;
import com.customertimeline.support.RunningService;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production path: bearer tokens of an outside identity provider, whose keys this test controls
 * and serves from its own JWKS endpoint. Only a token signed by that key, from that issuer, for this
 * service and not expired is accepted; roles, rep id and team come from the configured claims.
 */
class OidcTokensIT {

    private static final String ISSUER = "https://login.example.test/realms/crm";
    private static RSAKey key;
    private static HttpServer jwks;
    private static RunningService service;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/keys", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
        service = RunningService.start(Map.of(
                "spring.datasource.url", EmbeddedPostgresSupport.newDatabase("oidc"),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres",
                "timeline.data-dir", Files.createTempDirectory("timeline-oidc").toString(),
                "timeline.mongo.backend", "memory",
                "timeline.security.mode", "oidc",
                "timeline.security.oidc.issuer", ISSUER,
                "timeline.security.oidc.jwk-set-uri",
                        "http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys",
                "timeline.security.claims.roles", "realm_access.roles"));
        http = service.anonymous();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    @Test
    void aValidTokenOfTheProviderIsTheCallerItNames() throws Exception {
        Http.Response me = http.withBearer(
                        token(key, ISSUER, "customer-timeline", Instant.now().plusSeconds(300)))
                .get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("principal").asText()).isEqualTo("rep-anna");
        assertThat(me.json().path("roles").toString()).contains("REP");
        assertThat(me.json().path("repId").asText()).isEqualTo("anna");
        assertThat(me.json().path("team").asText()).isEqualTo("north");
    }

    @Test
    void expiredWronglySignedWrongIssuerAndWrongAudienceTokensAreRefused() throws Exception {
        Instant later = Instant.now().plusSeconds(300);
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
        List<String> refused = List.of(
                token(key, ISSUER, "customer-timeline", Instant.now().minusSeconds(600)),
                token(stranger, ISSUER, "customer-timeline", later),
                token(key, "https://evil.example.test", "customer-timeline", later),
                token(key, ISSUER, "another-service", later),
                "not-a-token");
        for (String token : refused) {
            Http.Response response = http.withBearer(token).get("/api/v1/me");
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("code").asText()).isEqualTo("invalid-token");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
        }
    }

    @Test
    void passwordsAndTheEmbeddedTokenEndpointAreNotOfferedWithAnIdentityProvider() {
        assertThat(http.withBasic("admin", "whatever-password")
                        .get("/api/v1/me")
                        .status())
                .isEqualTo(401);
        assertThat(http.get("/api/v1/me").header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    private static String token(RSAKey signingKey, String issuer, String audience, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("rep-anna")
                .issueTime(Date.from(expires.minusSeconds(900)))
                .expirationTime(Date.from(expires))
                .claim("realm_access", Map.of("roles", List.of("rep", "offline_access")))
                .claim("rep_id", "anna")
                .claim("team", "north")
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signingKey.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }
}
