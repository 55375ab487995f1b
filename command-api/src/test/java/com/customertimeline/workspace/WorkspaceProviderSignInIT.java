package com.customertimeline.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.EmbeddedPostgresSupport;
import com.customertimeline.support.FormSession;
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
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workspace with the company's identity provider (production, {@code timeline.security.mode=oidc}):
 * people sign in there with the authorization-code flow, and the ID token's claims (the same claim names
 * as the API's access tokens) decide who they are. The provider here is a test double whose keys, codes
 * and nonces this test controls; the service checks the ID token's signature, issuer, audience and
 * nonce itself. The sign-in page takes no passwords.
 */
class WorkspaceProviderSignInIT {

    private static final String ISSUER = "https://login.example.test/realms/crm";
    private static RSAKey key;
    private static HttpServer provider;
    private static RunningService service;
    private static final Map<String, String> nonceOfCode = new ConcurrentHashMap<>();
    private static volatile RSAKey signWith;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        signWith = key;
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        provider.createContext("/keys", exchange -> answer(exchange, keys));
        provider.createContext("/token", exchange -> {
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String nonce = nonceOfCode.remove(form.get("code"));
            if (nonce == null) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            try {
                String body =
                        "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\""
                                + idToken(nonce) + "\"}";
                answer(exchange, body.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            }
        });
        provider.start();
        String base = "http://127.0.0.1:" + provider.getAddress().getPort();
        String registration = "spring.security.oauth2.client.registration.company.";
        String details = "spring.security.oauth2.client.provider.company.";
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", EmbeddedPostgresSupport.newDatabase("oidcws"));
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        properties.put(
                "timeline.data-dir",
                Files.createTempDirectory("timeline-oidc-ws").toString());
        properties.put("timeline.mongo.backend", "memory");
        properties.put("timeline.security.mode", "oidc");
        properties.put("timeline.security.oidc.issuer", ISSUER);
        properties.put("timeline.security.oidc.jwk-set-uri", base + "/keys");
        properties.put("timeline.security.claims.roles", "realm_access.roles");
        properties.put(registration + "client-id", "customer-timeline");
        properties.put(registration + "client-secret", "test-secret");
        properties.put(registration + "client-name", "Company login");
        properties.put(registration + "authorization-grant-type", "authorization_code");
        properties.put(registration + "redirect-uri", "{baseUrl}/workspace/oauth2/code/{registrationId}");
        properties.put(registration + "scope", "openid");
        properties.put(details + "authorization-uri", base + "/authorize");
        properties.put(details + "token-uri", base + "/token");
        properties.put(details + "jwk-set-uri", base + "/keys");
        properties.put(details + "user-name-attribute", "sub");
        service = RunningService.start(properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (provider != null) {
            provider.stop(0);
        }
    }

    @Test
    void aRepSignsInAtTheProviderAndIsTheRepItsTokenNames() {
        FormSession person = new FormSession(service.port());
        FormSession.Page login = person.get("/workspace/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("Company login").doesNotContain("type=\"password\"");

        FormSession.Page signedIn = signInAtProvider(person);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith("/workspace");
        FormSession.Page start = person.get("/workspace");
        assertThat(start.location()).endsWith("/workspace/portfolio");
        FormSession.Page portfolio = person.get("/workspace/portfolio");
        // the rep "anna" has no registration yet: the workspace says so instead of failing
        assertThat(portfolio.status()).isEqualTo(404);
        assertThat(portfolio.body()).contains("Not found");
        assertThat(person.get("/workspace/audit/reads").status()).isEqualTo(403);
    }

    @Test
    void anIdTokenSignedByAnotherKeySignsNobodyIn() throws Exception {
        signWith = new RSAKeyGenerator(2048).keyID("test-key").generate();
        try {
            FormSession person = new FormSession(service.port());
            person.get("/workspace/login");
            FormSession.Page refused = signInAtProvider(person);
            assertThat(refused.status()).isEqualTo(302);
            assertThat(refused.location()).endsWith("/workspace/login?failed");
            assertThat(person.get("/workspace/portfolio").location()).endsWith("/workspace/login");
        } finally {
            signWith = key;
        }
    }

    @Test
    void aCallbackWithAForgedStateSignsNobodyIn() {
        FormSession person = new FormSession(service.port());
        person.get("/workspace/oauth2/authorization/company");
        FormSession.Page forged = person.get("/workspace/oauth2/code/company?code=whatever&state=forged");
        assertThat(forged.status()).isEqualTo(302);
        assertThat(forged.location()).endsWith("/workspace/login?failed");
        assertThat(person.get("/workspace/portfolio").location()).endsWith("/workspace/login");
    }

    /** What a browser does: follow the link, let the provider send it back with a code, follow that. */
    private static FormSession.Page signInAtProvider(FormSession person) {
        FormSession.Page toProvider = person.get("/workspace/oauth2/authorization/company");
        assertThat(toProvider.status()).isEqualTo(302);
        URI authorize = URI.create(toProvider.location());
        assertThat(authorize.getPath()).isEqualTo("/authorize");
        Map<String, String> query = form(authorize.getRawQuery());
        assertThat(query)
                .containsKeys("state", "nonce", "redirect_uri")
                .containsEntry("client_id", "customer-timeline");
        String code = UUID.randomUUID().toString();
        nonceOfCode.put(code, query.get("nonce"));
        URI back = URI.create(query.get("redirect_uri"));
        return person.get(back.getPath() + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
    }

    private static String idToken(String nonce) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("customer-timeline")
                .subject("anna.person")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("nonce", nonce)
                .claim("realm_access", Map.of("roles", List.of("rep", "offline_access")))
                .claim("rep_id", "anna")
                .claim("team", "north")
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signWith.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(signWith));
        return jwt.serialize();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
