package com.customertimeline.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for tests that talk to the running service as a caller would. */
public final class Http {

    /** Status, headers and JSON body of one answer. */
    public record Response(int status, HttpResponse<String> raw, JsonNode json) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    /** A caller without credentials. */
    public Http(int port) {
        this("http://127.0.0.1:" + port, null);
    }

    private Http(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same service, called with this {@code Authorization} header (null: none). */
    public Http as(String authorization) {
        return new Http(base, authorization);
    }

    public Http withBasic(String user, String password) {
        return as("Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public Http withBearer(String token) {
        return as("Bearer " + token);
    }

    /** The {@code Authorization} header this client sends, or null. */
    public String authorization() {
        return authorization;
    }

    public Http anonymous() {
        return as(null);
    }

    public int port() {
        return URI.create(base).getPort();
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, String body) {
        return send("POST", path, body, Map.of());
    }

    public Response post(String path, String body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    public Response put(String path, String body) {
        return send("PUT", path, body, Map.of());
    }

    public Response patch(String path, String body) {
        return send("PATCH", path, body, Map.of());
    }

    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null && !headers.containsKey("Authorization")) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers()
                    .firstValue("Content-Type")
                    .map(type -> type.contains("json"))
                    .orElse(false);
            JsonNode json =
                    !isJson || response.body() == null || response.body().isBlank()
                            ? MissingNode.getInstance()
                            : JSON.readTree(response.body());
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }
}
