package com.customertimeline.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person in the workspace without a browser: a session cookie, the CSRF token of the last page, form
 * posts, and redirects reported rather than followed (so a test sees where the service sends them).
 */
public final class FormSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final int port;
    private final HttpClient client;
    private String csrf;

    public record Page(int status, String body, String location) {}

    public FormSession(int port) {
        this.port = port;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Signs in through the form; returns the answer to the form post (302 to the start page if it worked).
     * Signing in replaces the session's CSRF token, so, as a browser would, it opens the start page it was
     * sent to and keeps that page's token: a form sent next must not carry the sign-in page's old one.
     */
    public Page signIn(String account, String password) {
        get("/workspace/login");
        Page answer = post("/workspace/login", Map.of("username", account, "password", password));
        if (answer.status() == 302
                && answer.location() != null
                && !answer.location().contains("/workspace/login")) {
            csrf = null;
            Page next = get(answer.location());
            for (int hops = 0; next.status() == 302 && next.location() != null && hops < 3; hops++) {
                next = get(next.location());
            }
        }
        return answer;
    }

    /** A page by its path, or by the absolute address a redirect named. */
    public Page get(String path) {
        URI address = path.startsWith("http") ? URI.create(path) : URI.create("http://localhost:" + port + path);
        return send(
                HttpRequest.newBuilder(address).header("Accept-Language", "en").GET());
    }

    /** A form post with the CSRF token of the last page this session saw. */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.putIfAbsent("_csrf", csrf);
        }
        return postRaw(path, all);
    }

    /** A form post exactly as given: no CSRF token added. */
    public Page postRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return new Page(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
