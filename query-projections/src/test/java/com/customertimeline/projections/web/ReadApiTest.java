package com.customertimeline.projections.web;

import static com.customertimeline.projections.testsupport.Samples.T0;
import static com.customertimeline.projections.testsupport.Samples.complaint;
import static com.customertimeline.projections.testsupport.Samples.interaction;
import static com.customertimeline.projections.testsupport.Samples.promise;
import static com.customertimeline.projections.testsupport.Samples.registered;
import static com.customertimeline.projections.testsupport.Samples.rep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.projections.portfolio.RepPortfolioProjection;
import com.customertimeline.projections.portfolio.RepPortfolioQueries;
import com.customertimeline.projections.summary.CustomerSummaryProjection;
import com.customertimeline.projections.summary.CustomerSummaryQueries;
import com.customertimeline.projections.testsupport.Deliver;
import com.customertimeline.projections.testsupport.EventLog;
import com.customertimeline.projections.testsupport.TestMongo;
import com.customertimeline.projections.timeline.TimelineProjection;
import com.customertimeline.projections.timeline.TimelineQueries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The read endpoints over real query handlers on an Axon query bus and real read models: status codes,
 * problem+json bodies naming bad parameters, 404 for unknown customers and reps, and read-your-writes via
 * minVersion (waiting, then 503 with Retry-After).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReadApiTest {

    private static final String C = "cust-1";
    private static final Instant NOW = T0.plus(Duration.ofDays(10));

    private TestMongo mongo;
    private Deliver deliver;
    private MockMvc mvc;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final java.util.concurrent.atomic.AtomicInteger wakeUps = new java.util.concurrent.atomic.AtomicInteger();
    private final EventLog log = new EventLog();
    /** The customer's version in the "event store": one event ahead of what the read models were given. */
    private volatile long storeVersion = 4;

    @BeforeEach
    void start() {
        mongo = new TestMongo();
        deliver = new Deliver(
                new TimelineProjection(mongo.database()),
                new CustomerSummaryProjection(mongo.database()),
                new RepPortfolioProjection(mongo.database()));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(new TimelineQueries(mongo.database())).subscribe(queryBus);
        new AnnotationQueryHandlerAdapter<>(new CustomerSummaryQueries(mongo.database(), clock)).subscribe(queryBus);
        new AnnotationQueryHandlerAdapter<>(new RepPortfolioQueries(mongo.database(), clock)).subscribe(queryBus);
        DefaultQueryGateway gateway =
                DefaultQueryGateway.builder().queryBus(queryBus).build();
        ReadConsistency consistency = new ReadConsistency(
                mongo.database(),
                Duration.ofMillis(300),
                Duration.ofSeconds(2),
                meters,
                id -> C.equals(id) ? OptionalLong.of(storeVersion) : OptionalLong.empty(),
                wakeUps::incrementAndGet);
        mvc = MockMvcBuilders.standaloneSetup(
                        new CustomerReadController(gateway, consistency), new RepReadController(gateway, consistency))
                .setControllerAdvice(new ReadApiExceptionHandler())
                .build();
        deliver.batch(log.rep("rep-1", rep("rep-1", "Rita Rep", T0), T0));
        given(
                registered(C, "Anna Berg", "rep-1", T0),
                interaction(C, "i-1", Channel.PHONE, Direction.INBOUND, T0.plus(Duration.ofDays(1))),
                promise(C, "i-2", T0.plus(Duration.ofDays(2)), "Send quote", T0.plus(Duration.ofDays(1))),
                complaint(C, "k-1", T0.plus(Duration.ofDays(3))));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private void given(Object... payloads) {
        for (Object payload : payloads) {
            deliver.batch(log.customer(C, payload, T0));
        }
    }

    @Test
    void the_summary_answers_with_derived_fields_as_of_now() throws Exception {
        mvc.perform(get("/api/v1/customers/{id}", C))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value(C))
                .andExpect(jsonPath("$.version").value(3))
                .andExpect(jsonPath("$.stage").value("INTENTIONAL"))
                .andExpect(jsonPath("$.overdueFollowUps").value(1))
                .andExpect(jsonPath("$.lateFirstResponses[0].complaintId").value("k-1"))
                .andExpect(jsonPath("$.lastContact.daysSince").value(7));
    }

    @Test
    void an_unknown_customer_is_a_404_problem() throws Exception {
        for (String path : new String[] {"/api/v1/customers/nobody", "/api/v1/customers/nobody/timeline"}) {
            mvc.perform(get(path))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(404))
                    .andExpect(jsonPath("$.code").value("not-found"))
                    .andExpect(jsonPath("$.field").value("customerId"))
                    .andExpect(jsonPath("$.detail").value("no customer nobody"));
        }
        mvc.perform(get("/api/v1/reps/rep-404/customers"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not-found"))
                .andExpect(jsonPath("$.field").value("repId"));
    }

    @Test
    void the_timeline_pages_newest_first_with_an_opaque_cursor() throws Exception {
        MvcResult first = mvc.perform(get("/api/v1/customers/{id}/timeline", C).param("limit", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries.length()").value(3))
                .andExpect(jsonPath("$.entries[0].kind").value("COMPLAINT_FILED"))
                .andReturn();
        String cursor = com.jayway.jsonpath.JsonPath.read(first.getResponse().getContentAsString(), "$.nextCursor");

        mvc.perform(get("/api/v1/customers/{id}/timeline", C)
                        .param("limit", "3")
                        .param("cursor", cursor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries.length()").value(1))
                .andExpect(jsonPath("$.entries[0].kind").value("REGISTERED"))
                .andExpect(jsonPath("$.nextCursor").doesNotExist());
        mvc.perform(get("/api/v1/customers/{id}/timeline", C)
                        .param("order", "asc")
                        .param("kinds", "interaction,complaint_filed"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries[*].kind")
                        .value(org.hamcrest.Matchers.contains("INTERACTION", "INTERACTION", "COMPLAINT_FILED")));
    }

    @Test
    void bad_parameters_are_400_problems_naming_the_parameter() throws Exception {
        String timeline = "/api/v1/customers/" + C + "/timeline";
        expectBadParameter(get(timeline).param("limit", "201"), "limit");
        expectBadParameter(get(timeline).param("limit", "many"), "limit");
        expectBadParameter(get(timeline).param("kinds", "INTERACTION,GOSSIP"), "kinds");
        expectBadParameter(get(timeline).param("channels", "PIGEON"), "channels");
        expectBadParameter(get(timeline).param("cursor", "bm90LWEtY3Vyc29y"), "cursor");
        expectBadParameter(get(timeline).param("from", "yesterday"), "from");
        expectBadParameter(get(timeline).param("order", "sideways"), "order");
        expectBadParameter(get("/api/v1/customers/" + C).param("minVersion", "x"), "minVersion");
        expectBadParameter(get("/api/v1/customers").param("stage", "ASLEEP"), "stage");
        expectBadParameter(get("/api/v1/customers").param("size", "500"), "size");
        expectBadParameter(get("/api/v1/customers").param("q", "a\u0000b"), "q");
        expectBadParameter(get("/api/v1/customers").param("q", "x".repeat(201)), "q");
        expectBadParameter(get("/api/v1/customers").param("ownerRepId", "rep\u0000"), "ownerRepId");
        expectBadParameter(get("/api/v1/reps/rep-1/customers").param("sort", "shoeSize"), "sort");
        expectBadParameter(get("/api/v1/reps/rep-1/customers").param("minVersion", "3"), "customerId");
    }

    private void expectBadParameter(org.springframework.test.web.servlet.RequestBuilder request, String parameter)
            throws Exception {
        mvc.perform(request)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:customer-timeline:problem:invalid-request"))
                .andExpect(jsonPath("$.title").value("Bad Request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.code").value("invalid-request"))
                .andExpect(jsonPath("$.field").value(parameter))
                .andExpect(jsonPath("$.parameter").value(parameter));
    }

    @Test
    void a_read_with_a_min_version_not_reached_in_time_is_a_503_with_retry_after() throws Exception {
        long started = System.nanoTime();

        mvc.perform(get("/api/v1/customers/{id}", C).param("minVersion", "4"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("read-model-behind"))
                .andExpect(jsonPath("$.requestedVersion").value(4))
                .andExpect(jsonPath("$.reachedVersion").value(3));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // the processors were asked to look now, once per waiting read, not at every poll of the read model
        assertThat(wakeUps).hasValue(1);
        assertThat(meters.get(ReadConsistency.WAIT_METRIC)
                        .tag("readModel", "summary")
                        .tag("outcome", "timeout")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void a_read_with_a_min_version_waits_until_the_projection_has_it() throws Exception {
        CompletableFuture<Void> lateEvent = CompletableFuture.runAsync(
                () -> given(interaction(C, "i-9", Channel.SMS, Direction.INBOUND, T0.plus(Duration.ofDays(9)))),
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

        mvc.perform(get("/api/v1/customers/{id}", C).param("minVersion", "4"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(4))
                .andExpect(jsonPath("$.lastContact.channel").value("SMS"));
        mvc.perform(get("/api/v1/customers/{id}/timeline", C)
                        .param("minVersion", "4")
                        .param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries[0].channel").value("SMS"));
        mvc.perform(get("/api/v1/reps/rep-1/customers").param("minVersion", "4").param("customerId", C))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customers[0].lastContactChannel").value("SMS"));
        lateEvent.join();
    }

    @Test
    void the_portfolio_and_search_answer_from_their_read_models() throws Exception {
        mvc.perform(get("/api/v1/reps/rep-1/customers")
                        .param("sort", "overdueFollowUps")
                        .param("direction", "desc"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.displayName").value("Rita Rep"))
                .andExpect(jsonPath("$.sort").value("OVERDUE_FOLLOW_UPS"))
                .andExpect(jsonPath("$.customers[0].customerId").value(C))
                .andExpect(jsonPath("$.customers[0].overdueFollowUps").value(1))
                .andExpect(jsonPath("$.customers[0].openComplaints").value(1));
        mvc.perform(get("/api/v1/customers").param("q", "BERG CO").param("ownerRepId", "rep-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].customerId").value(C))
                .andExpect(jsonPath("$.items[0].stage").value("INTENTIONAL"));
        mvc.perform(get("/api/v1/customers").param("q", "anna.berg@").param("stage", "purchasing"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void a_min_version_beyond_the_customers_history_is_a_422_at_once_not_a_503_to_retry() throws Exception {
        storeVersion = 3;
        long started = System.nanoTime();

        for (String path : new String[] {"/api/v1/customers/" + C, "/api/v1/customers/" + C + "/timeline"}) {
            mvc.perform(get(path).param("minVersion", "7"))
                    .andExpect(status().isUnprocessableEntity())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("unknown-version"))
                    .andExpect(jsonPath("$.field").value("minVersion"))
                    .andExpect(jsonPath("$.requestedVersion").value(7))
                    .andExpect(jsonPath("$.currentVersion").value(3));
        }
        mvc.perform(get("/api/v1/reps/rep-1/customers").param("minVersion", "7").param("customerId", C))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("unknown-version"));

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("answered without waiting for the consistency timeout")
                .isLessThan(Duration.ofMillis(300));
        // the event store answered "never": nothing to wake the processors for
        assertThat(wakeUps).hasValue(0);
    }

    @Test
    void a_min_version_of_a_customer_the_event_store_does_not_have_is_a_404_at_once() throws Exception {
        mvc.perform(get("/api/v1/customers/{id}", "ghost").param("minVersion", "0"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not-found"))
                .andExpect(jsonPath("$.field").value("customerId"));
    }

    @Test
    void a_version_the_read_model_has_is_served_without_asking_the_event_store() throws Exception {
        storeVersion = -1; // would be refused, were it asked

        mvc.perform(get("/api/v1/customers/{id}", C).param("minVersion", "3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(3));
        assertThat(wakeUps).hasValue(0);
    }

    @Test
    void money_is_a_json_number_in_the_timeline_as_in_the_summary() throws Exception {
        given(com.customertimeline.projections.testsupport.Samples.purchase(
                C, "o-1", "100.60", "EUR", T0.plus(Duration.ofDays(4))));

        MvcResult timeline = mvc.perform(
                        get("/api/v1/customers/{id}/timeline", C).param("kinds", "PURCHASE"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries[0].detail.total.currency").value("EUR"))
                .andReturn();
        MvcResult summary = mvc.perform(get("/api/v1/customers/{id}", C))
                .andExpect(status().isOk())
                .andReturn();

        String timelineBody = timeline.getResponse().getContentAsString();
        String summaryBody = summary.getResponse().getContentAsString();
        assertThat(timelineBody).contains("\"total\":{\"amount\":100.60,\"currency\":\"EUR\"}");
        assertThat(timelineBody).contains("\"unitPrice\":{\"amount\":100.60,\"currency\":\"EUR\"}");
        assertThat(summaryBody).contains("\"totalSpend\":[{\"amount\":100.60,\"currency\":\"EUR\"}]");
    }
}
