package com.customertimeline.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Registers reps through the API, as an app does, for tests that need people with a team. */
public final class Reps {

    private Reps() {}

    public static void register(Http app, String repId, String displayName, String team) {
        Http.Response registered = app.post(
                "/api/v1/reps",
                "{\"repId\":\"%s\",\"displayName\":\"%s\",\"team\":\"%s\"}".formatted(repId, displayName, team));
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
    }
}
