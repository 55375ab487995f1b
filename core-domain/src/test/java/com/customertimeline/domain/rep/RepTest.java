package com.customertimeline.domain.rep;

import static com.customertimeline.domain.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.CommandRejectedException.Kind;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registering the reps who can own customers. */
class RepTest {

    private static final Instant JOINED_AT = Instant.parse("2026-03-01T09:00:00Z");

    private FixtureConfiguration<Rep> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Rep.class);
    }

    @Test
    void registersRep() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRep("rep-anna", "Anna Berg", "Key accounts", JOINED_AT))
                .expectEvents(new RepRegistered("rep-anna", "Anna Berg", "Key accounts", JOINED_AT))
                .expectResultMessagePayload(0L);
    }

    @Test
    void registeredRepIsActive() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRep("rep-anna", "Anna Berg", null, JOINED_AT))
                .expectState(rep -> {
                    assertThat(rep.repId()).isEqualTo("rep-anna");
                    assertThat(rep.displayName()).isEqualTo("Anna Berg");
                    assertThat(rep.status()).isEqualTo(RepStatus.ACTIVE);
                    assertThat(rep.version()).isZero();
                });
    }

    @Test
    void cannotRegisterSameRepTwice() {
        fixture.given(new RepRegistered("rep-anna", "Anna Berg", "Key accounts", JOINED_AT))
                .when(new RegisterRep("rep-anna", "Anna Schmidt", "Support", JOINED_AT.plusSeconds(60)))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectException(rejected(Kind.CONFLICT, "rep-already-registered", "repId"));
    }

    @Test
    void cannotRegisterRepWithBlankDisplayName() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRep("rep-anna", "  ", null, JOINED_AT))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "displayName"));
    }

    @Test
    void cannotRegisterRepWithInvalidId() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRep("anna berg", "Anna Berg", null, JOINED_AT))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "repId"));
    }

    @Test
    void cannotRegisterRepWithoutOccurredAt() {
        fixture.givenNoPriorActivity()
                .when(new RegisterRep("rep-anna", "Anna Berg", null, null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
    }
}
