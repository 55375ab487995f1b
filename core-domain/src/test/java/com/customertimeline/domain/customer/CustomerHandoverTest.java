package com.customertimeline.domain.customer;

import static com.customertimeline.domain.Rejections.rejected;
import static com.customertimeline.domain.customer.CustomerTestData.ANNA;
import static com.customertimeline.domain.customer.CustomerTestData.BEN;
import static com.customertimeline.domain.customer.CustomerTestData.CARD;
import static com.customertimeline.domain.customer.CustomerTestData.CARLA;
import static com.customertimeline.domain.customer.CustomerTestData.CUSTOMER_ID;
import static com.customertimeline.domain.customer.CustomerTestData.EVEN_LATER;
import static com.customertimeline.domain.customer.CustomerTestData.LATER;
import static com.customertimeline.domain.customer.CustomerTestData.NOBODY;
import static com.customertimeline.domain.customer.CustomerTestData.REGISTERED_AT;
import static com.customertimeline.domain.customer.CustomerTestData.customerFixture;
import static com.customertimeline.domain.customer.CustomerTestData.customerRegistered;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.CommandRejectedException.Kind;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.ReassignmentReason;
import java.time.Instant;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Moving customers away from a rep who departed, and the incoming owner acknowledging the handover. In
 * the shared roster Carla has departed, so these tests start from a customer Carla owned.
 */
class CustomerHandoverTest {

    private static final String NOTE = "Renewal talks start in April";
    private static final Instant ACKNOWLEDGED_AT = Instant.parse("2026-03-04T08:45:00Z");

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = customerFixture();
    }

    /** The customer as it was registered, while Carla was still with the company. */
    private static CustomerRegistered registeredWithCarla() {
        return new CustomerRegistered(CUSTOMER_ID, CARD, CARLA, LifecycleStage.POTENTIAL, REGISTERED_AT);
    }

    private static HandOverFromDepartedRep handOverFromCarlaTo(String toRepId, Instant occurredAt) {
        return new HandOverFromDepartedRep(CUSTOMER_ID, CARLA, toRepId, NOTE, occurredAt);
    }

    private static CustomerReassigned handedOverFromCarlaTo(String toRepId) {
        return new CustomerReassigned(CUSTOMER_ID, CARLA, toRepId, ReassignmentReason.REP_DEPARTED, NOTE, LATER);
    }

    private static CustomerReassigned reassignedFromAnnaToBen() {
        return new CustomerReassigned(CUSTOMER_ID, ANNA, BEN, ReassignmentReason.TEAM_CHANGE, NOTE, LATER);
    }

    @Nested
    class HandOverFromDepartedRepTests {

        @Test
        void handsTheCustomerOfTheDepartedRepToTheSuccessorWithReasonRepDeparted() {
            fixture.given(registeredWithCarla())
                    .when(handOverFromCarlaTo(BEN, LATER))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(handedOverFromCarlaTo(BEN))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void successorOwnsTheCustomerAfterTheHandover() {
            fixture.given(registeredWithCarla())
                    .when(handOverFromCarlaTo(BEN, LATER))
                    .expectState(customer -> {
                        assertThat(customer.ownerRepId()).isEqualTo(BEN);
                        assertThat(customer.version()).isEqualTo(1L);
                    });
        }

        @Test
        void handsOverWithoutANote() {
            fixture.given(registeredWithCarla())
                    .when(new HandOverFromDepartedRep(CUSTOMER_ID, CARLA, ANNA, null, LATER))
                    .expectEvents(new CustomerReassigned(
                            CUSTOMER_ID, CARLA, ANNA, ReassignmentReason.REP_DEPARTED, null, LATER));
        }

        @Test
        void handsOverFromTheDepartedRepWhenTheyHadTheCustomerByReassignment() {
            fixture.given(
                            customerRegistered(),
                            new CustomerReassigned(
                                    CUSTOMER_ID, ANNA, CARLA, ReassignmentReason.WORKLOAD_BALANCING, null, LATER))
                    .when(handOverFromCarlaTo(BEN, EVEN_LATER))
                    .expectEvents(new CustomerReassigned(
                            CUSTOMER_ID, CARLA, BEN, ReassignmentReason.REP_DEPARTED, NOTE, EVEN_LATER))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void handingOverASecondTimeRecordsNothingAndReturnsTheSameVersion() {
            fixture.given(registeredWithCarla(), handedOverFromCarlaTo(BEN))
                    .when(handOverFromCarlaTo(BEN, LATER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L)
                    .expectState(customer -> assertThat(customer.ownerRepId()).isEqualTo(BEN));
        }

        @Test
        void sendingTheSameHandoverCommandTwiceProducesExactlyOneEvent() {
            fixture.given(registeredWithCarla())
                    .andGivenCommands(handOverFromCarlaTo(BEN, LATER))
                    .when(handOverFromCarlaTo(BEN, LATER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void resendingWithADifferentSuccessorKeepsTheFirstSuccessor() {
            fixture.given(registeredWithCarla(), handedOverFromCarlaTo(BEN))
                    .when(handOverFromCarlaTo(ANNA, EVEN_LATER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L)
                    .expectState(customer -> assertThat(customer.ownerRepId()).isEqualTo(BEN));
        }

        @Test
        void recordsNothingForACustomerTheDepartedRepNeverOwned() {
            fixture.given(customerRegistered())
                    .when(handOverFromCarlaTo(BEN, LATER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(0L)
                    .expectState(customer -> assertThat(customer.ownerRepId()).isEqualTo(ANNA));
        }

        @Test
        void resendingAfterTheSuccessorAlsoDepartedStillRecordsNothing() {
            // Carla's customer already went to Ben; the roster no longer knowing the named successor must not
            // turn the idempotent re-send into a failure.
            fixture.given(registeredWithCarla(), handedOverFromCarlaTo(BEN))
                    .when(handOverFromCarlaTo(NOBODY, EVEN_LATER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void cannotHandOverFromARepWhoHasNotDeparted() {
            fixture.given(customerRegistered())
                    .when(new HandOverFromDepartedRep(CUSTOMER_ID, ANNA, BEN, NOTE, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "rep-not-departed", "departedRepId"));
        }

        @Test
        void cannotHandOverToADepartedRep() {
            fixture.given(registeredWithCarla())
                    .when(handOverFromCarlaTo(CARLA, LATER))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "rep-departed", "toRepId"));
        }

        @Test
        void cannotHandOverToAnUnknownRep() {
            fixture.given(registeredWithCarla())
                    .when(handOverFromCarlaTo(NOBODY, LATER))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "toRepId"))
                    .expectExceptionMessage("no rep rep-nobody is registered");
        }

        @Test
        void cannotHandOverToNobody() {
            fixture.given(registeredWithCarla())
                    .when(handOverFromCarlaTo(null, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "toRepId"));
        }

        @Test
        void cannotHandOverWithoutNamingTheDepartedRep() {
            fixture.given(registeredWithCarla())
                    .when(new HandOverFromDepartedRep(CUSTOMER_ID, null, BEN, NOTE, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "departedRepId"));
        }

        @Test
        void cannotHandOverWithANoteLongerThan4000Characters() {
            fixture.given(registeredWithCarla())
                    .when(new HandOverFromDepartedRep(CUSTOMER_ID, CARLA, BEN, "n".repeat(4_001), LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "too-long", "handoverNote"));
        }

        @Test
        void cannotHandOverWithoutOccurredAt() {
            fixture.given(registeredWithCarla())
                    .when(handOverFromCarlaTo(BEN, null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
        }

        @Test
        void cannotHandOverAnUnknownCustomer() {
            fixture.givenNoPriorActivity()
                    .when(handOverFromCarlaTo(BEN, LATER))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Acknowledgement {

        @Test
        void newOwnerAcknowledgesTheHandoverFromTheDepartedRep() {
            fixture.given(registeredWithCarla(), handedOverFromCarlaTo(BEN))
                    .when(new AcknowledgeHandover(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new HandoverAcknowledged(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void newOwnerAcknowledgesAnOrdinaryReassignment() {
            fixture.given(customerRegistered(), reassignedFromAnnaToBen())
                    .when(new AcknowledgeHandover(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectEvents(new HandoverAcknowledged(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectResultMessagePayload(2L)
                    .expectState(customer -> assertThat(customer.version()).isEqualTo(2L));
        }

        @Test
        void acknowledgesAfterAHandoverCommandInTheSameHistory() {
            fixture.given(registeredWithCarla())
                    .andGivenCommands(handOverFromCarlaTo(BEN, LATER))
                    .when(new AcknowledgeHandover(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectEvents(new HandoverAcknowledged(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void acknowledgesAfterAReassignCustomerCommandInTheSameHistory() {
            fixture.given(customerRegistered())
                    .andGivenCommands(
                            new ReassignCustomer(CUSTOMER_ID, BEN, ReassignmentReason.TEAM_CHANGE, NOTE, LATER))
                    .when(new AcknowledgeHandover(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectEvents(new HandoverAcknowledged(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void aLaterReassignmentMakesANewHandoverPending() {
            fixture.given(
                            customerRegistered(),
                            reassignedFromAnnaToBen(),
                            new HandoverAcknowledged(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT),
                            new CustomerReassigned(
                                    CUSTOMER_ID, BEN, ANNA, ReassignmentReason.CUSTOMER_REQUEST, null, EVEN_LATER))
                    .when(new AcknowledgeHandover(CUSTOMER_ID, ANNA, EVEN_LATER.plusSeconds(3_600)))
                    .expectEvents(new HandoverAcknowledged(CUSTOMER_ID, ANNA, EVEN_LATER.plusSeconds(3_600)))
                    .expectResultMessagePayload(4L);
        }

        @Test
        void cannotAcknowledgeTwice() {
            fixture.given(
                            customerRegistered(),
                            reassignedFromAnnaToBen(),
                            new HandoverAcknowledged(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .when(new AcknowledgeHandover(CUSTOMER_ID, BEN, EVEN_LATER))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "no-pending-handover", "repId"));
        }

        @Test
        void cannotAcknowledgeWhenTheCustomerWasNeverReassigned() {
            fixture.given(customerRegistered())
                    .when(new AcknowledgeHandover(CUSTOMER_ID, ANNA, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "no-pending-handover", "repId"));
        }

        @Test
        void previousOwnerCannotAcknowledge() {
            fixture.given(customerRegistered(), reassignedFromAnnaToBen())
                    .when(new AcknowledgeHandover(CUSTOMER_ID, ANNA, ACKNOWLEDGED_AT))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "not-owner", "repId"));
        }

        @Test
        void departedPreviousOwnerCannotAcknowledge() {
            fixture.given(registeredWithCarla(), handedOverFromCarlaTo(BEN))
                    .when(new AcknowledgeHandover(CUSTOMER_ID, CARLA, ACKNOWLEDGED_AT))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "not-owner", "repId"));
        }

        @Test
        void unrelatedRepCannotAcknowledge() {
            fixture.given(registeredWithCarla(), handedOverFromCarlaTo(BEN))
                    .when(new AcknowledgeHandover(CUSTOMER_ID, ANNA, ACKNOWLEDGED_AT))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "not-owner", "repId"));
        }

        @Test
        void notOwnerIsReportedBeforeNoPendingHandover() {
            fixture.given(customerRegistered())
                    .when(new AcknowledgeHandover(CUSTOMER_ID, BEN, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "not-owner", "repId"));
        }

        @Test
        void cannotAcknowledgeWithAnInvalidRepId() {
            fixture.given(customerRegistered(), reassignedFromAnnaToBen())
                    .when(new AcknowledgeHandover(CUSTOMER_ID, "rep ben", ACKNOWLEDGED_AT))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "repId"));
        }

        @Test
        void cannotAcknowledgeWithoutOccurredAt() {
            fixture.given(customerRegistered(), reassignedFromAnnaToBen())
                    .when(new AcknowledgeHandover(CUSTOMER_ID, BEN, null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
        }

        @Test
        void cannotAcknowledgeForAnUnknownCustomer() {
            fixture.givenNoPriorActivity()
                    .when(new AcknowledgeHandover(CUSTOMER_ID, BEN, ACKNOWLEDGED_AT))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }
}
