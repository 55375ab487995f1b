package com.customertimeline.domain.rep;

import static com.customertimeline.domain.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.CommandRejectedException.Kind;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registering the reps who can own customers, and their departure. */
class RepTest {

    private static final Instant JOINED_AT = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant DEPARTED_AT = Instant.parse("2026-06-30T17:00:00Z");

    /** Active reps who can take over customers. */
    private static final String BEN = "rep-ben";

    private static final String DORA = "rep-dora";
    /** Left earlier. */
    private static final String CARLA = "rep-carla";
    /** Never registered. */
    private static final String NOBODY = "rep-nobody";

    private static final String LEAVING = "Moved to Munich office";

    private FixtureConfiguration<Rep> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Rep.class);
        fixture.registerInjectableResource(new InMemoryRepRoster()
                .with("rep-anna", RepStatus.ACTIVE)
                .with(BEN, RepStatus.ACTIVE)
                .with(DORA, RepStatus.ACTIVE)
                .with(CARLA, RepStatus.DEPARTED));
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

    private static RepRegistered annaRegistered() {
        return new RepRegistered("rep-anna", "Anna Berg", "Key accounts", JOINED_AT);
    }

    private static DepartRep departAnna(List<String> successorRepIds) {
        return new DepartRep("rep-anna", LEAVING, successorRepIds, DEPARTED_AT);
    }

    @Test
    void departsRepNamingTheSuccessor() {
        fixture.given(annaRegistered())
                .when(departAnna(List.of(BEN)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RepDeparted("rep-anna", LEAVING, List.of(BEN), DEPARTED_AT))
                .expectResultMessagePayload(1L);
    }

    @Test
    void departsRepWithSeveralSuccessorsInTheGivenOrder() {
        fixture.given(annaRegistered())
                .when(departAnna(List.of(DORA, BEN)))
                .expectEvents(new RepDeparted("rep-anna", LEAVING, List.of(DORA, BEN), DEPARTED_AT));
    }

    @Test
    void departsRepWithoutAReason() {
        fixture.given(annaRegistered())
                .when(new DepartRep("rep-anna", null, List.of(BEN), DEPARTED_AT))
                .expectEvents(new RepDeparted("rep-anna", null, List.of(BEN), DEPARTED_AT));
    }

    @Test
    void departedRepIsNoLongerActive() {
        fixture.given(annaRegistered()).when(departAnna(List.of(BEN))).expectState(rep -> {
            assertThat(rep.status()).isEqualTo(RepStatus.DEPARTED);
            assertThat(rep.version()).isEqualTo(1L);
        });
    }

    @Test
    void cannotDepartTwice() {
        fixture.given(annaRegistered(), new RepDeparted("rep-anna", LEAVING, List.of(BEN), DEPARTED_AT))
                .when(departAnna(List.of(DORA)))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectException(rejected(Kind.RULE_VIOLATED, "rep-departed", "repId"));
    }

    @Test
    void cannotDepartWithoutSuccessor() {
        fixture.given(annaRegistered())
                .when(departAnna(List.of()))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectException(rejected(Kind.RULE_VIOLATED, "no-successor", "successorRepIds"));
    }

    @Test
    void cannotDepartWithoutSuccessorList() {
        fixture.given(annaRegistered())
                .when(departAnna(null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "no-successor", "successorRepIds"));
    }

    @Test
    void cannotNameTheSameSuccessorTwice() {
        fixture.given(annaRegistered())
                .when(departAnna(List.of(BEN, DORA, BEN)))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "duplicate-successor", "successorRepIds"));
    }

    @Test
    void cannotSucceedOneself() {
        fixture.given(annaRegistered())
                .when(departAnna(List.of(BEN, "rep-anna")))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectException(rejected(Kind.RULE_VIOLATED, "self-successor", "successorRepIds[1]"));
    }

    @Test
    void cannotNameAnUnknownSuccessor() {
        fixture.given(annaRegistered())
                .when(departAnna(List.of(BEN, NOBODY)))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "successorRepIds[1]"))
                .expectExceptionMessage("no rep rep-nobody is registered");
    }

    @Test
    void cannotNameADepartedSuccessor() {
        fixture.given(annaRegistered())
                .when(departAnna(List.of(CARLA, BEN)))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "rep-departed", "successorRepIds[0]"));
    }

    @Test
    void cannotNameASuccessorWithAnInvalidId() {
        fixture.given(annaRegistered())
                .when(departAnna(List.of("rep ben")))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "successorRepIds[0]"));
    }

    @Test
    void cannotDepartWithAReasonLongerThan1000Characters() {
        fixture.given(annaRegistered())
                .when(new DepartRep("rep-anna", "r".repeat(1_001), List.of(BEN), DEPARTED_AT))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "too-long", "reason"));
    }

    @Test
    void cannotDepartWithoutOccurredAt() {
        fixture.given(annaRegistered())
                .when(new DepartRep("rep-anna", LEAVING, List.of(BEN), null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
    }

    @Test
    void cannotDepartAnUnregisteredRep() {
        fixture.givenNoPriorActivity()
                .when(departAnna(List.of(BEN)))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }
}
