package com.customertimeline.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.Http;
import com.customertimeline.support.TestCallers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.server.AxonServerContainer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The production storage profile ({@code axonserver}) end to end: Axon Server as event store and
 * message router, MongoDB as a replica set for the projections, PostgreSQL for tracking tokens and
 * idempotency keys. The other suites run the JDBC event store, so this is the only place the Axon
 * Server engine is exercised.
 *
 * <p>Needs a Docker engine. Without one the whole class is reported as <em>skipped</em>, never as
 * passed: {@link DockerRequired} disables it with a clear reason (and prints it), and
 * {@code @Testcontainers(disabledWithoutDocker = true)} would do the same on its own.
 *
 * <p>The tests are steps of one story and run in order; each builds on the previous one.
 */
@ExtendWith(ProductionStackIT.DockerRequired.class)
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("axonserver")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionStackIT {

    /** Same image as docker/compose.yaml; override with {@code -Daxonserver.image=...}. */
    private static final String AXON_SERVER_IMAGE =
            System.getProperty("axonserver.image", "axoniq/axonserver:2025.2.5");

    private static final String REGISTER_CUSTOMER_KEY = "it-register-customer-c-1";
    private static final String RECORD_INTERACTION_KEY = "it-record-interaction-c-1-1";
    private static final String INTERACTION_BODY =
            """
            {"channel":"PHONE","direction":"INBOUND","repId":"rep-1","summary":"asked for a quote"}""";

    @Container
    static final AxonServerContainer axonServer = new AxonServerContainer(DockerImageName.parse(AXON_SERVER_IMAGE))
            // No AXONIQ_AXONSERVER_STANDALONE here (compose uses it): AxonServerContainer initialises the
            // `default` context itself after start, and two initialisers could race.
            // Axon Server tells clients which host to reconnect to; from the test JVM that is the host.
            .withAxonServerHostname("localhost")
            .withStartupTimeout(Duration.ofMinutes(3));

    /** A single-node replica set ({@code MongoDBContainer} runs {@code rs.initiate()} itself). */
    @Container
    static final MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse("mongo:7.0"));

    @Container
    static final PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(DockerImageName.parse("postgres:16"))
            .withDatabaseName("timeline")
            .withUsername("timeline")
            .withPassword("timeline");

    @DynamicPropertySource
    static void productionStack(DynamicPropertyRegistry registry) {
        registry.add("axon.axonserver.enabled", () -> "true");
        registry.add("axon.axonserver.servers", axonServer::getAxonServerAddress);
        // No ?replicaSet=...: the member advertises its in-container name, which the host cannot
        // resolve, so the driver talks to the one (primary) node directly. Still a real replica set.
        registry.add("spring.data.mongodb.uri", () -> mongo.getReplicaSetUrl("customer_timeline"));
        registry.add("timeline.mongo.embedded", () -> "false");
        registry.add("spring.datasource.url", postgres::getJdbcUrl);
        registry.add("spring.datasource.username", postgres::getUsername);
        registry.add("spring.datasource.password", postgres::getPassword);
        // this suite is about storage: callers use the embedded accounts (OidcTokensIT covers OIDC)
        registry.add("timeline.security.mode", () -> "embedded");
        registry.add("TIMELINE_ADMIN_PASSWORD", () -> TestCallers.ADMIN_PASSWORD);
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private String authorization;

    @Autowired
    TestRestTemplate http;

    @Autowired
    ObjectMapper json;

    @Test
    @Order(1)
    void registersARep() {
        ResponseEntity<String> response =
                post("/api/v1/reps", """
                {"repId":"rep-1","displayName":"Ann","team":"CD"}""", null);

        assertThat(response.getStatusCode()).as(describe(response)).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    @Order(2)
    void registersACustomerAtVersionZero() {
        ResponseEntity<String> response = post("/api/v1/customers", registerCustomerBody(), REGISTER_CUSTOMER_KEY);

        assertThat(response.getStatusCode()).as(describe(response)).isEqualTo(HttpStatus.CREATED);
        JsonNode body = read(response);
        assertThat(body.path("customerId").asText()).isEqualTo("c-1");
        assertThat(body.path("version").isIntegralNumber())
                .as(describe(response))
                .isTrue();
        assertThat(body.path("version").asLong()).isZero();
    }

    @Test
    @Order(3)
    void recordsAnInteractionAtVersionOne() {
        ResponseEntity<String> response =
                post("/api/v1/customers/c-1/interactions", INTERACTION_BODY, RECORD_INTERACTION_KEY);

        assertThat(response.getStatusCode()).as(describe(response)).isEqualTo(HttpStatus.CREATED);
        JsonNode body = read(response);
        assertThat(body.path("version").isIntegralNumber())
                .as(describe(response))
                .isTrue();
        assertThat(body.path("version").asLong()).isEqualTo(1L);
    }

    @Test
    @Order(4)
    void readSideCatchesUpFromTheReplicaSet() {
        // The projection is eventually consistent; minVersion asks for a view at least that new.
        // Poll briefly in case the endpoint answers "not yet" instead of waiting.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        ResponseEntity<String> response;
        do {
            response = http.exchange(
                    "/api/v1/customers/c-1?minVersion=1",
                    HttpMethod.GET,
                    new HttpEntity<>(jsonHeaders()),
                    String.class);
        } while (!response.getStatusCode().is2xxSuccessful() && Instant.now().isBefore(deadline) && pause());

        assertThat(response.getStatusCode()).as(describe(response)).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("c-1");
    }

    @Test
    @Order(5)
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswer() {
        // Axon Server appends outside the relational transaction that holds the key row; the
        // reservation must still make a retry replay version 1 instead of recording a second event.
        ResponseEntity<String> retry =
                post("/api/v1/customers/c-1/interactions", INTERACTION_BODY, RECORD_INTERACTION_KEY);

        assertThat(retry.getStatusCode()).as(describe(retry)).isEqualTo(HttpStatus.CREATED);
        assertThat(read(retry).path("version").asLong()).isEqualTo(1L);
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    @Order(6)
    void theSameIdempotencyKeyWithADifferentBodyIsRejected() {
        ResponseEntity<String> reused = post(
                "/api/v1/customers/c-1/interactions",
                """
                {"channel":"EMAIL","direction":"OUTBOUND","repId":"rep-1","summary":"sent the quote"}""",
                RECORD_INTERACTION_KEY);

        assertThat(reused.getStatusCode()).as(describe(reused)).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    private static String registerCustomerBody() {
        return """
                {"customerId":"c-1","card":{"name":"Acme Buyer"},"ownerRepId":"rep-1"}""";
    }

    private ResponseEntity<String> post(String path, String body, String idempotencyKey) {
        HttpHeaders headers = jsonHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    private HttpHeaders jsonHeaders() {
        if (authorization == null) {
            authorization = TestCallers.service(new Http(port)).authorization();
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        return headers;
    }

    private JsonNode read(ResponseEntity<String> response) {
        assertThat(response.getBody()).as(describe(response)).isNotBlank();
        try {
            return json.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + describe(response), e);
        }
    }

    private static String describe(ResponseEntity<String> response) {
        return response.getStatusCode() + " " + response.getBody();
    }

    private static boolean pause() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Disables the class when no Docker engine answers, with a reason that names the suite, and prints
     * that line so a skipped production suite is visible in the build log rather than silently green.
     */
    static final class DockerRequired implements ExecutionCondition {

        static final String SKIPPED = "ProductionStackIT skipped: no Docker engine";

        // Its own logger: touching the outer class would initialise it and build the containers.
        private static final Logger log = LoggerFactory.getLogger(DockerRequired.class);

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isPresent()) {
                // Decided once for the class; per-method evaluation would only repeat it.
                return ConditionEvaluationResult.enabled("decided at class level");
            }
            boolean docker;
            try {
                docker = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                docker = false;
            }
            if (docker) {
                return ConditionEvaluationResult.enabled("Docker engine available");
            }
            log.warn(SKIPPED);
            System.out.println(SKIPPED);
            return ConditionEvaluationResult.disabled(SKIPPED);
        }
    }
}
