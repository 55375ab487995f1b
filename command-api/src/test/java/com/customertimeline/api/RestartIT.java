package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.Customer;
import com.customertimeline.support.EmbeddedPostgresSupport;
import com.customertimeline.support.RunningService;
import java.nio.file.Path;
import java.util.Map;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged command survives a restart of the service on the same database. */
class RestartIT {

    @TempDir
    Path dataDir;

    @Test
    void eventsAndIdempotencyKeysSurviveARestart() {
        Map<String, Object> storage = EmbeddedPostgresSupport.ownStorage("restart", dataDir);
        Map<String, String> key = Map.of("Idempotency-Key", "restart-key-1");
        String interaction =
                """
                {"channel":"VISIT","direction":"INBOUND","repId":"rep-r","summary":"Visited the showroom"}""";
        String firstAnswer;

        try (RunningService service = RunningService.start(storage)) {
            var http = service.http();
            assertThat(http.post("/api/v1/reps", "{\"repId\":\"rep-r\",\"displayName\":\"Rita\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(http.post(
                                    "/api/v1/customers",
                                    """
                            {"customerId":"cust-r","ownerRepId":"rep-r","card":{"name":"Restart Ltd"}}""")
                            .status())
                    .isEqualTo(201);
            var recorded = http.post("/api/v1/customers/cust-r/interactions", interaction, key);
            assertThat(recorded.status()).isEqualTo(201);
            firstAnswer = recorded.json().toString();
        }

        try (RunningService service = RunningService.start(storage)) {
            Configuration axon = service.bean(Configuration.class);
            Customer loaded = DefaultUnitOfWork.startAndGet(null)
                    .executeWithResult(
                            () -> axon.repository(Customer.class).load("cust-r").invoke(customer -> customer))
                    .getPayload();
            assertThat(loaded.ownerRepId()).isEqualTo("rep-r");
            assertThat(loaded.card().name()).isEqualTo("Restart Ltd");
            assertThat(loaded.version()).isEqualTo(1);

            var http = service.http();
            var retry = http.post("/api/v1/customers/cust-r/interactions", interaction, key);
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.json().toString()).isEqualTo(firstAnswer);
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");

            var next = http.post("/api/v1/customers/cust-r/interactions", interaction);
            assertThat(next.json().get("version").asLong()).isEqualTo(2);
        }
    }
}
