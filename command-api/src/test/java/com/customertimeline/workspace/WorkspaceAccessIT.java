package com.customertimeline.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.FormSession;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.customertimeline.support.Reps;
import com.customertimeline.support.TestCallers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Every workspace page and form the service maps, opened without a session and by each kind of person
 * signed in with the form. The list comes from the service, so a page added without a rule here fails.
 * A refusal is a page that says so (403), never a stack trace; without a session the workspace sends
 * people to the sign-in page; a form without its CSRF token changes nothing.
 */
class WorkspaceAccessIT extends PostgresBackedServiceIT {

    private static final String PASSWORD = "a-long-enough-password";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping endpoints;

    private String ownerRep;
    private String customer;
    private final Map<String, FormSession> people = new LinkedHashMap<>();

    private static final Set<String> SCOPED = Set.of("repOwner", "managerNorth");
    private static final Set<String> SCOPED_AND_AUDITOR = Set.of("repOwner", "managerNorth", "auditor");
    private static final Set<String> PEOPLE_WITH_CUSTOMERS =
            Set.of("repOwner", "repOther", "managerNorth", "managerSouth", "auditor");

    /** Who may open each page or send each form. Everyone else gets 403; nobody without a session. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("GET /workspace/portfolio", PEOPLE_WITH_CUSTOMERS),
            Map.entry("GET /workspace/search", PEOPLE_WITH_CUSTOMERS),
            Map.entry("GET /workspace/team", Set.of("managerNorth", "managerSouth")),
            Map.entry("GET /workspace/reps/{repId}", SCOPED_AND_AUDITOR),
            Map.entry("GET /workspace/reps/{repId}/departure", Set.of("managerNorth", "auditor")),
            Map.entry("GET /workspace/reps/{repId}/departure/progress", Set.of("managerNorth", "auditor")),
            Map.entry("POST /workspace/reps/{repId}/departure", Set.of("managerNorth")),
            Map.entry("GET /workspace/customers/{customerId}", SCOPED_AND_AUDITOR),
            Map.entry("GET /workspace/customers/{customerId}/timeline", SCOPED_AND_AUDITOR),
            Map.entry("GET /workspace/customers/{customerId}/brief", SCOPED_AND_AUDITOR),
            Map.entry("GET /workspace/customers/{customerId}/card-history", SCOPED_AND_AUDITOR),
            Map.entry("POST /workspace/customers/{customerId}/interactions", SCOPED),
            Map.entry("POST /workspace/customers/{customerId}/follow-ups/{interactionId}/completion", SCOPED),
            Map.entry("POST /workspace/customers/{customerId}/complaints/{complaintId}/responses", SCOPED),
            Map.entry("POST /workspace/customers/{customerId}/complaints/{complaintId}/resolution", SCOPED),
            Map.entry("POST /workspace/customers/{customerId}/handover/acknowledgement", SCOPED),
            Map.entry("POST /workspace/customers/{customerId}/owner", Set.of("managerNorth")),
            Map.entry("GET /workspace/audit/reads", Set.of("auditor")),
            Map.entry("GET /workspace/audit/integrity", Set.of("auditor")),
            Map.entry("GET /workspace/audit/integrity/verifications", Set.of("auditor")),
            Map.entry("POST /workspace/audit/verifications", Set.of("auditor")),
            Map.entry("POST /workspace/audit/checkpoints", Set.of("auditor")),
            Map.entry("GET /workspace/audit/checkpoints.json", Set.of("auditor")),
            Map.entry("GET /workspace/audit/public-key.pem", Set.of("auditor")),
            Map.entry("GET /workspace/audit/export", Set.of("auditor")),
            Map.entry("GET /workspace/processors", Set.of("auditor", "admin")),
            Map.entry("GET /workspace/processors/progress", Set.of("auditor", "admin")),
            Map.entry("POST /workspace/processors/{name}/replay", Set.of("admin")),
            Map.entry("POST /workspace/processors/rebuild", Set.of("admin")));

    /** Every signed-in person reaches these (a start page, or the page that says there is nothing). */
    private static final Set<String> SIGNED_IN = Set.of("GET /workspace", "GET /workspace/", "GET /workspace/denied");

    @BeforeEach
    void peopleAndCustomer() {
        String run = unique("w");
        ownerRep = run + "-owner";
        String north = run + "-north";
        String south = run + "-south";
        rep(ownerRep, north);
        rep(run + "-other", south);
        rep(run + "-mgrn", north);
        rep(run + "-mgrs", south);
        customer = run + "-cust";
        var registered = http.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"Access Ltd\"}}"
                        .formatted(customer, ownerRep));
        assertThat(registered.status()).isEqualTo(201);
        long version = registered.json().path("version").asLong();
        for (String view : List.of("/timeline", "")) {
            assertThat(http.get("/api/v1/customers/" + customer + view + "?minVersion=" + version)
                            .status())
                    .isEqualTo(200);
        }
        // the reps' teams come from the portfolio read model, which projects the registrations first
        assertThat(http.get("/api/v1/reps/" + ownerRep + "/customers?customerId=" + customer + "&minVersion=" + version)
                        .status())
                .isEqualTo(200);
        people.put("repOwner", person(run + "-u-owner", ownerRep, north, "REP"));
        people.put("repOther", person(run + "-u-other", run + "-other", south, "REP"));
        people.put("managerNorth", person(run + "-u-mgrn", run + "-mgrn", north, "MANAGER"));
        people.put("managerSouth", person(run + "-u-mgrs", run + "-mgrs", south, "MANAGER"));
        people.put("auditor", person(run + "-u-aud", null, null, "AUDITOR"));
        FormSession admin = new FormSession(port);
        assertThat(admin.signIn("admin", TestCallers.ADMIN_PASSWORD).status()).isEqualTo(302);
        people.put("admin", admin);
    }

    @Test
    void everyWorkspacePageAndFormAnswersEachPersonAsTheTableSays() {
        List<String> mismatches = new ArrayList<>();
        Set<String> tried = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, ?> mapping :
                endpoints.getHandlerMethods().entrySet()) {
            for (String pattern : mapping.getKey().getPatternValues()) {
                if (!pattern.startsWith("/workspace") || pattern.equals("/workspace/login")) {
                    continue;
                }
                Set<RequestMethod> methods =
                        mapping.getKey().getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    String endpoint = method + " " + pattern;
                    tried.add(endpoint);
                    Set<String> allowed = SIGNED_IN.contains(endpoint) ? people.keySet() : ALLOWED.get(endpoint);
                    if (allowed == null) {
                        mismatches.add(endpoint + ": no rule in this test (add the page's rule)");
                        continue;
                    }
                    String path = concrete(pattern);
                    FormSession.Page anonymous = call(new FormSession(port), method, path);
                    if (!(anonymous.status() == 302 && anonymous.location().endsWith("/workspace/login"))
                            && !(method == RequestMethod.POST && anonymous.status() == 403)) {
                        mismatches.add(
                                endpoint + " without a session: " + anonymous.status() + " " + anonymous.location());
                    }
                    people.forEach((name, session) -> {
                        FormSession.Page page = call(session, method, path);
                        boolean refused = page.status() == 403;
                        boolean expectedRefusal = !allowed.contains(name) || endpoint.equals("GET /workspace/denied");
                        if (refused != expectedRefusal || page.status() >= 500) {
                            mismatches.add(endpoint + " as " + name + ": " + page.status() + " " + gist(page.body()));
                        }
                        if (refused && !page.body().contains("Not yours to open")) {
                            mismatches.add(endpoint + " as " + name + ": the refusal is not the workspace's page");
                        }
                        if (page.body().contains("Exception") || page.body().contains("at com.")) {
                            mismatches.add(endpoint + " as " + name + ": a stack trace reached the page");
                        }
                    });
                }
            }
        }
        assertThat(tried).as("the workspace's pages and forms").hasSizeGreaterThan(15);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aFormWithoutItsCsrfTokenChangesNothing() {
        FormSession rep = people.get("repOwner");
        rep.get("/workspace/customers/" + customer);
        FormSession.Page forged = rep.postRaw(
                "/workspace/customers/" + customer + "/interactions",
                Map.of("channel", "PHONE", "direction", "INBOUND", "summary", "forged"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(http.get("/api/v1/customers/" + customer)
                        .json()
                        .path("version")
                        .asLong())
                .isZero();

        FormSession.Page genuine = rep.post(
                "/workspace/customers/" + customer + "/interactions",
                Map.of("channel", "PHONE", "direction", "INBOUND", "summary", "genuine"));
        assertThat(genuine.status()).isEqualTo(302);
        assertThat(genuine.location())
                .contains("/workspace/customers/" + customer)
                .contains("v=1");
    }

    @Test
    void signingOutEndsTheSession() {
        FormSession rep = people.get("repOwner");
        assertThat(rep.get("/workspace/portfolio").status()).isEqualTo(200);
        FormSession.Page out = rep.post("/workspace/logout", Map.of());
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).endsWith("/workspace/login?signedOut");
        FormSession.Page after = rep.get("/workspace/portfolio");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/workspace/login");
    }

    @Test
    void aFragmentAskedForWithoutASessionTellsHtmxToOpenTheSignInPageAsAPage() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI fragment = URI.create("http://localhost:" + port + "/workspace/processors/progress");

        HttpResponse<String> byHtmx = client.send(
                HttpRequest.newBuilder(fragment).header("HX-Request", "true").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(byHtmx.statusCode()).isEqualTo(401);
        assertThat(byHtmx.headers().firstValue("HX-Redirect")).contains("/workspace/login?expired");

        HttpResponse<String> byPage =
                client.send(HttpRequest.newBuilder(fragment).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(byPage.statusCode()).isEqualTo(302);
        assertThat(byPage.headers().firstValue("Location").orElseThrow()).endsWith("/workspace/login");

        HttpResponse<String> signIn = client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/workspace/login?expired"))
                        .header("Accept-Language", "zh-CN")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.body()).contains("会话已结束");
    }

    @Test
    void aWrongPasswordSignsNobodyIn() {
        FormSession stranger = new FormSession(port);
        FormSession.Page refused = stranger.signIn("admin", "not-the-password");
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).endsWith("/workspace/login?failed");
        assertThat(stranger.get("/workspace/portfolio").status()).isEqualTo(302);
    }

    /** What a page said, without its markup, so a mismatch reads as the person saw it. */
    private static String gist(String body) {
        String main = body.contains("<main") ? body.substring(body.indexOf("<main")) : body;
        String text =
                main.replaceAll("(?s)<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() > 240 ? text.substring(0, 240) : text;
    }

    private FormSession.Page call(FormSession session, RequestMethod method, String path) {
        return method == RequestMethod.GET ? session.get(path) : session.post(path, Map.of());
    }

    private String concrete(String pattern) {
        return pattern.replace("{customerId}", customer)
                .replace("{repId}", ownerRep)
                .replace("{complaintId}", "no-such-complaint")
                .replace("{interactionId}", "no-such-interaction")
                .replace("{name}", "no-such-processor");
    }

    private void rep(String repId, String team) {
        Reps.register(http, repId, repId, team);
    }

    private FormSession person(String id, String repId, String team, String... roles) {
        TestCallers.person(anonymous, id, PASSWORD, repId, team, roles);
        FormSession session = new FormSession(port);
        FormSession.Page signedIn = session.signIn(id, PASSWORD);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith("/workspace");
        return session;
    }
}
