package com.customertimeline.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.support.EmbeddedPostgresSupport;
import com.customertimeline.support.RunningService;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A new installation can be signed into: the first start prints a generated admin password once. */
@ExtendWith(OutputCaptureExtension.class)
class AdministratorOnFirstStartIT {

    private static final Pattern GENERATED = Pattern.compile("the generated password (\\S+) ");

    @Test
    void theFirstStartPrintsTheGeneratedPasswordOnceAndItSignsIn(CapturedOutput output) throws Exception {
        Map<String, Object> settings = Map.of(
                "spring.datasource.url", EmbeddedPostgresSupport.newDatabase("firststart"),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres",
                "timeline.data-dir", Files.createTempDirectory("timeline-first").toString(),
                "timeline.mongo.backend", "memory",
                "TIMELINE_ADMIN_PASSWORD", "");
        String password;
        try (RunningService first = RunningService.start(settings)) {
            Matcher printed = GENERATED.matcher(output.getOut());
            assertThat(printed.find()).as("password printed on the first start").isTrue();
            password = printed.group(1);
            assertThat(first.anonymous()
                            .withBasic("admin", password)
                            .get("/api/v1/me")
                            .status())
                    .isEqualTo(200);
        }
        int printedBefore = output.getOut().length();
        try (RunningService second = RunningService.start(settings)) {
            assertThat(output.getOut().substring(printedBefore)).doesNotContain("generated password");
            assertThat(second.anonymous()
                            .withBasic("admin", password)
                            .get("/api/v1/me")
                            .status())
                    .isEqualTo(200);
        }
    }
}
