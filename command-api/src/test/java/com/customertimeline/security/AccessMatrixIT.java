package com.customertimeline.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.customertimeline.support.Reps;
import com.customertimeline.support.TestCallers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint the running service maps, tried without credentials and as each kind of caller. The
 * list of endpoints comes from the service itself, so an endpoint added later without an expectation
 * here fails this test instead of going unchecked.
 */
class AccessMatrixIT extends PostgresBackedServiceIT {

    private static final String PASSWORD = "a-long-enough-password";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping endpoints;

    private String ownerRep;
    private String otherRep;
    private String customer;
    private final Map<String, Http> callers = new LinkedHashMap<>();

    @BeforeEach
    void people() {
        String run = unique("m");
        ownerRep = run + "-owner";
        otherRep = run + "-other";
        String north = run + "-north";
        String south = run + "-south";
        registerRep(ownerRep, north);
        registerRep(otherRep, south);
        registerRep(run + "-mgrn", north);
        registerRep(run + "-mgrs", south);
        customer = run + "-cust";
        var registered = http.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Matrix Ltd\"}}"
                        .formatted(customer, ownerRep));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(http.get("/api/v1/reps/" + run + "-mgrs/customers?customerId=" + customer + "&minVersion="
                                + registered.json().path("version").asLong())
                        .status())
                .isEqualTo(200);

        callers.put("app", bearer(run + "-app", "APP"));
        callers.put("repOwner", person(run + "-u-owner", ownerRep, north, "REP"));
        callers.put("repOther", person(run + "-u-other", otherRep, south, "REP"));
        callers.put("managerNorth", person(run + "-u-mgrn", run + "-mgrn", north, "MANAGER"));
        callers.put("managerSouth", person(run + "-u-mgrs", run + "-mgrs", south, "MANAGER"));
        callers.put("auditor", person(run + "-u-aud", null, null, "AUDITOR"));
        callers.put("admin", TestCallers.admin(anonymous));
    }

    private static final Set<String> REPS_IN_SCOPE = Set.of("repOwner", "managerNorth");

    /** Who may call each endpoint (besides: everyone else 403, nobody without credentials). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("POST /api/v1/customers", Set.of("app")),
            Map.entry("PATCH /api/v1/customers/{customerId}/card", Set.of("app")),
            Map.entry("POST /api/v1/customers/{customerId}/interactions", union(Set.of("app"), REPS_IN_SCOPE)),
            Map.entry(
                    "POST /api/v1/customers/{customerId}/follow-ups/{interactionId}/completion",
                    union(Set.of("app"), REPS_IN_SCOPE)),
            Map.entry("POST /api/v1/customers/{customerId}/purchases", Set.of("app")),
            Map.entry("POST /api/v1/customers/{customerId}/complaints", Set.of("app")),
            Map.entry(
                    "POST /api/v1/customers/{customerId}/complaints/{complaintId}/responses",
                    union(Set.of("app"), REPS_IN_SCOPE)),
            Map.entry(
                    "POST /api/v1/customers/{customerId}/complaints/{complaintId}/resolution",
                    union(Set.of("app"), REPS_IN_SCOPE)),
            Map.entry("PUT /api/v1/customers/{customerId}/owner", Set.of("app", "managerNorth")),
            Map.entry(
                    "POST /api/v1/customers/{customerId}/handover/acknowledgement",
                    union(Set.of("app"), REPS_IN_SCOPE)),
            Map.entry("POST /api/v1/reps", Set.of("app")),
            Map.entry("POST /api/v1/reps/{repId}/departure", Set.of("app", "managerNorth")),
            Map.entry("GET /api/v1/reps/{repId}/departure", Set.of("app", "managerNorth", "auditor")),
            Map.entry("GET /api/v1/customers/{customerId}", union(Set.of("app", "auditor"), REPS_IN_SCOPE)),
            Map.entry("GET /api/v1/customers/{customerId}/timeline", union(Set.of("app", "auditor"), REPS_IN_SCOPE)),
            Map.entry("GET /api/v1/customers/{customerId}/handover", union(Set.of("auditor"), REPS_IN_SCOPE)),
            Map.entry(
                    "GET /api/v1/customers",
                    Set.of("app", "auditor", "repOwner", "repOther", "managerNorth", "managerSouth")),
            Map.entry("GET /api/v1/reps/{repId}/customers", union(Set.of("auditor"), REPS_IN_SCOPE)),
            Map.entry("GET /api/v1/reps/{repId}/handovers", union(Set.of("auditor"), REPS_IN_SCOPE)),
            Map.entry("GET /api/v1/admin/processors", Set.of("admin", "auditor")),
            Map.entry("GET /api/v1/admin/processors/{name}", Set.of("admin", "auditor")),
            Map.entry("GET /api/v1/admin/read-models", Set.of("admin", "auditor")),
            Map.entry("GET /api/v1/admin/read-models/rebuild", Set.of("admin", "auditor")),
            Map.entry("POST /api/v1/admin/read-models/rebuild", Set.of("admin")),
            Map.entry("POST /api/v1/imports", Set.of("app", "admin")),
            Map.entry("GET /api/v1/imports/{importId}", Set.of("app", "admin")),
            Map.entry("POST /api/v1/admin/customers/{customerId}/rebuild", Set.of("admin")),
            Map.entry("POST /api/v1/admin/processors/{name}/replay", Set.of("admin")),
            Map.entry("POST /api/v1/admin/accounts", Set.of("admin")),
            Map.entry("GET /api/v1/admin/accounts", Set.of("admin")),
            Map.entry("PUT /api/v1/admin/accounts/{id}/enabled", Set.of("admin")),
            Map.entry("POST /api/v1/admin/clients", Set.of("admin")),
            Map.entry("GET /api/v1/admin/clients", Set.of("admin")),
            Map.entry("GET /api/v1/audit/reads", Set.of("auditor")),
            Map.entry("GET /api/v1/audit/checkpoints", Set.of("auditor")),
            Map.entry("POST /api/v1/audit/checkpoints", Set.of("auditor")),
            Map.entry("GET /api/v1/audit/checkpoints/consistency", Set.of("auditor")),
            Map.entry("GET /api/v1/audit/public-key", Set.of("auditor")),
            Map.entry("GET /api/v1/audit/events", Set.of("auditor")),
            Map.entry("POST /api/v1/audit/verifications", Set.of("auditor")),
            Map.entry("GET /api/v1/audit/verifications", Set.of("auditor")),
            Map.entry("GET /api/v1/audit/verifications/{id}", Set.of("auditor")),
            Map.entry("POST /api/v1/customers/{customerId}/erasure", Set.of("admin")),
            Map.entry("GET /api/v1/customers/{customerId}/personal-data", Set.of("admin")),
            Map.entry("GET /api/v1/me", Set.of("*")),
            Map.entry("POST /api/v1/auth/token", Set.of("*")));

    /** Open to everyone, credentials or not. */
    private static final Set<String> PUBLIC = Set.of("/v3/api-docs", "/swagger-ui.html", "/error");

    /**
     * Called here only by those it refuses: an allowed call would rebuild every read model of the shared
     * test service. ReplayProgressIT calls it as an administrator and watches it as an auditor.
     */
    private static final Set<String> REFUSALS_ONLY = Set.of("POST /api/v1/admin/read-models/rebuild");

    /** The workspace's pages sign people in with a form and a session: WorkspaceAccessIT holds their table. */
    private static final Set<String> WORKSPACE = Set.of("/workspace");

    @Test
    void everyMappedEndpointAnswersEachCallerAsTheTableSays() {
        List<String> mismatches = new ArrayList<>();
        Set<String> tried = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, ?> mapping :
                endpoints.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = mapping.getKey();
            for (String pattern : info.getPatternValues()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    String endpoint = method + " " + pattern;
                    tried.add(endpoint);
                    if (PUBLIC.stream().anyMatch(pattern::startsWith)
                            || WORKSPACE.stream().anyMatch(pattern::startsWith)) {
                        continue;
                    }
                    Set<String> allowed = ALLOWED.get(endpoint);
                    if (allowed == null) {
                        mismatches.add(endpoint + ": no expectation in this test (add the endpoint's rule)");
                        continue;
                    }
                    String path = concrete(pattern);
                    int anonymousStatus = call(anonymous, method, path).status();
                    if (anonymousStatus != 401) {
                        mismatches.add(endpoint + " without credentials: " + anonymousStatus);
                    }
                    callers.forEach((name, caller) -> {
                        boolean mayCall = allowed.contains("*") || allowed.contains(name);
                        if (mayCall && REFUSALS_ONLY.contains(endpoint)) {
                            return;
                        }
                        Http.Response response = call(caller, method, path);
                        boolean refused = response.status() == 403 || response.status() == 401;
                        if (mayCall == refused || response.status() >= 500) {
                            mismatches.add(endpoint + " as " + name + ": " + response.status() + " "
                                    + response.raw().body());
                        }
                        if (refused && !response.contentType().startsWith("application/problem+json")) {
                            mismatches.add(endpoint + " as " + name + ": refusal is not problem+json");
                        }
                    });
                }
            }
        }
        assertThat(tried).as("the service's endpoints").hasSizeGreaterThan(25);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aRefusalSaysHowToAuthenticateOrWhyNot() {
        Http.Response unauthenticated = anonymous.get("/api/v1/customers/" + customer);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.raw().headers().allValues("WWW-Authenticate"))
                .anyMatch(h -> h.startsWith("Basic"));
        assertThat(unauthenticated.json().path("code").asText()).isEqualTo("unauthenticated");

        Http.Response forbidden = callers.get("repOther").get("/api/v1/customers/" + customer);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(forbidden.json().path("code").asText()).isEqualTo("forbidden");

        Http.Response badPassword =
                anonymous.withBasic("admin", "wrong-password-here").get("/api/v1/me");
        assertThat(badPassword.status()).isEqualTo(401);
        assertThat(badPassword.json().path("code").asText()).isEqualTo("bad-credentials");
    }

    @Test
    void operationsEndpointsAreForAdminsAndProbesAreOpenWithoutDetails() {
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").raw().body())
                .doesNotContain("data")
                .doesNotContain("/tmp");
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(callers.get("auditor").get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(callers.get("app").get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(callers.get("admin").get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void aRepActsOnlyAsThemselvesAndAnAuditorWritesNothing() {
        Http.Response asOther = callers.get("repOwner")
                .post(
                        "/api/v1/customers/" + customer + "/interactions",
                        "{\"repId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"OUTBOUND\",\"summary\":\"call\"}"
                                .formatted(otherRep));
        assertThat(asOther.status()).isEqualTo(403);
        assertThat(asOther.json().path("code").asText()).isEqualTo("acting-as-other");
        assertThat(asOther.json().path("field").asText()).isEqualTo("repId");

        Http.Response asSelf = callers.get("repOwner")
                .post(
                        "/api/v1/customers/" + customer + "/interactions",
                        "{\"repId\":\"%s\",\"channel\":\"PHONE\",\"direction\":\"OUTBOUND\",\"summary\":\"call\"}"
                                .formatted(ownerRep));
        assertThat(asSelf.status()).as(asSelf.raw().body()).isEqualTo(201);
        assertThat(callers.get("auditor")
                        .post("/api/v1/reps", "{\"displayName\":\"Nobody\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aReassignmentMovesAccessWithTheCustomer() {
        String newOwner = customer + "-r2";
        registerRep(newOwner, "elsewhere");
        Http newRep = person(newOwner + "-u", newOwner, "elsewhere", "REP");
        var moved = http.put(
                "/api/v1/customers/" + customer + "/owner",
                "{\"toRepId\":\"%s\",\"reason\":\"WORKLOAD_BALANCING\"}".formatted(newOwner));
        assertThat(moved.status()).as(moved.raw().body()).isEqualTo(200);
        long version = moved.json().path("version").asLong();
        assertThat(http.get("/api/v1/customers/" + customer + "?minVersion=" + version)
                        .status())
                .isEqualTo(200);

        assertThat(callers.get("repOwner").get("/api/v1/customers/" + customer).status())
                .isEqualTo(403);
        assertThat(callers.get("repOwner")
                        .get("/api/v1/customers?q=Matrix")
                        .json()
                        .path("items")
                        .toString())
                .doesNotContain(customer);
        assertThat(newRep.get("/api/v1/customers/" + customer).status()).isEqualTo(200);
        assertThat(newRep.get("/api/v1/customers?q=Matrix").json().path("items").toString())
                .contains(customer);
    }

    @Test
    void aDisabledAccountIsRefusedAtOnceEvenWithAValidToken() {
        Http auditor = callers.get("auditor");
        assertThat(auditor.get("/api/v1/me").status()).isEqualTo(200);
        String id = auditor.get("/api/v1/me").json().path("principal").asText();
        Http admin = callers.get("admin");
        assertThat(admin.put("/api/v1/admin/accounts/" + id + "/enabled", "{\"enabled\":false}")
                        .status())
                .isEqualTo(200);
        assertThat(auditor.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(admin.put("/api/v1/admin/accounts/" + id + "/enabled", "{\"enabled\":true}")
                        .status())
                .isEqualTo(200);
        assertThat(auditor.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(admin.put("/api/v1/admin/accounts/admin/enabled", "{\"enabled\":false}")
                        .json()
                        .path("code")
                        .asText())
                .isEqualTo("own-account");
    }

    private Http.Response call(Http caller, RequestMethod method, String path) {
        String body = method == RequestMethod.GET ? null : "{}";
        return caller.send(method.name(), path, body, Map.of());
    }

    private String concrete(String pattern) {
        return pattern.replace("{customerId}", customer)
                .replace("{repId}", ownerRep)
                .replace("{complaintId}", "no-such-complaint")
                .replace("{interactionId}", "no-such-interaction")
                .replace("{name}", "no-such-processor")
                .replace("{id}", "no-such-account")
                .replace("{importId}", "no-such-import");
    }

    private void registerRep(String repId, String team) {
        Reps.register(http, repId, repId, team);
    }

    private Http bearer(String id, String... roles) {
        return anonymous.withBearer(TestCallers.token(anonymous, id, TestCallers.client(anonymous, id, roles)));
    }

    private Http person(String id, String repId, String team, String... roles) {
        TestCallers.person(anonymous, id, PASSWORD, repId, team, roles);
        return anonymous.withBearer(TestCallers.token(anonymous, id, PASSWORD));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
