package com.customertimeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.RunningService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default with nothing but an empty data folder: no PostgreSQL to start, no MongoDB, no
 * Axon Server. It must start (its own PostgreSQL included), accept a command, keep its files in that
 * folder and survive a restart.
 */
class EmbeddedDefaultSmokeIT {

    @TempDir
    Path dataDir;

    @Test
    void startsOnEmptyDataFolderAcceptsCommandsAndKeepsThem() throws Exception {
        Map<String, Object> settings = Map.of("timeline.data-dir", dataDir.toString());

        try (RunningService service = RunningService.start(settings)) {
            var http = service.http();
            var readiness = http.get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness
                            .json()
                            .path("components")
                            .path("eventStore")
                            .path("status")
                            .asText())
                    .isEqualTo("UP");
            assertThat(readiness
                            .json()
                            .path("components")
                            .path("db")
                            .path("status")
                            .asText())
                    .isEqualTo("UP");
            var prometheus = http.send("GET", "/actuator/prometheus", null, Map.of());
            assertThat(prometheus.status()).isEqualTo(200);
            assertThat(prometheus.raw().body()).contains("jvm_memory_used_bytes");
            var openApi = http.get("/v3/api-docs");
            assertThat(openApi.status()).isEqualTo(200);
            assertThat(openApi.json().path("paths").has("/api/v1/customers/{customerId}/interactions"))
                    .isTrue();
            assertThat(http.send("GET", "/swagger-ui/index.html", null, Map.of())
                            .status())
                    .isEqualTo(200);
            var created = http.post("/api/v1/reps", "{\"repId\":\"rep-smoke\",\"displayName\":\"Sam\"}");
            assertThat(created.status()).isEqualTo(201);
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(path -> path.getFileName().toString())).contains("postgres", "projections.mv");
        }

        try (RunningService service = RunningService.start(settings)) {
            var again = service.http().post("/api/v1/reps", "{\"repId\":\"rep-smoke\",\"displayName\":\"Sam\"}");
            assertThat(again.status()).isEqualTo(409);
        }
    }
}
