package com.customertimeline.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials for tests, made the way an operator makes them: the first start's {@code admin} (its
 * password given by {@code TIMELINE_ADMIN_PASSWORD}) creates accounts and clients through the admin
 * API, and callers trade them for bearer tokens at the token endpoint.
 */
public final class TestCallers {

    /** The password every test service gives its first administrator. */
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private static final Map<Integer, String> SERVICE_TOKENS = new ConcurrentHashMap<>();

    private TestCallers() {}

    public static Http admin(Http http) {
        return http.withBasic("admin", ADMIN_PASSWORD);
    }

    /**
     * An API client holding APP, AUDITOR and ADMIN, for tests about something other than access rules:
     * it may send every command and read every view. One per running service (port).
     */
    public static Http service(Http http) {
        String token = SERVICE_TOKENS.computeIfAbsent(http.port(), port -> {
            String id = "it-service-" + UUID.randomUUID().toString().substring(0, 8);
            return token(http, id, client(http, id, "APP", "AUDITOR", "ADMIN"));
        });
        return http.withBearer(token);
    }

    /** Forgets the tokens of a service that was stopped (its port may be reused). */
    public static void forget(int port) {
        SERVICE_TOKENS.remove(port);
    }

    /** Creates a client with the roles and returns its secret. */
    public static String client(Http http, String id, String... roles) {
        Http.Response created =
                admin(http).post("/api/v1/admin/clients", "{\"id\":\"%s\",\"roles\":%s}".formatted(id, json(roles)));
        if (created.status() != 201) {
            throw new IllegalStateException("creating client " + id + ": " + created.status() + " "
                    + created.raw().body());
        }
        return created.json().path("secret").asText();
    }

    /** Creates a person's account with a password. */
    public static void person(Http http, String id, String password, String repId, String team, String... roles) {
        Http.Response created = admin(http)
                .post(
                        "/api/v1/admin/accounts",
                        "{\"id\":\"%s\",\"password\":\"%s\",\"roles\":%s,\"repId\":%s,\"team\":%s}"
                                .formatted(id, password, json(roles), quoted(repId), quoted(team)));
        if (created.status() != 201) {
            throw new IllegalStateException("creating account " + id + ": " + created.status() + " "
                    + created.raw().body());
        }
    }

    /** A bearer token for the credentials (the token endpoint, HTTP Basic). */
    public static String token(Http http, String id, String secret) {
        Http.Response token = http.withBasic(id, secret)
                .send(
                        "POST",
                        "/api/v1/auth/token",
                        "grant_type=client_credentials",
                        Map.of("Content-Type", "application/x-www-form-urlencoded"));
        if (token.status() != 200) {
            throw new IllegalStateException("token for " + id + ": " + token.status() + " "
                    + token.raw().body());
        }
        return token.json().path("access_token").asText();
    }

    private static String json(String... values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append('"').append(values[i]).append('"');
        }
        return out.append(']').toString();
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
