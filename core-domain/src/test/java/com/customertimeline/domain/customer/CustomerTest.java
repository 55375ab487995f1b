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
import static com.customertimeline.domain.customer.CustomerTestData.OFFICE;
import static com.customertimeline.domain.customer.CustomerTestData.REGISTERED_AT;
import static com.customertimeline.domain.customer.CustomerTestData.WORK_EMAIL;
import static com.customertimeline.domain.customer.CustomerTestData.customerFixture;
import static com.customertimeline.domain.customer.CustomerTestData.customerRegistered;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.CommandRejectedException.Kind;
import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.CardField;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.ContactType;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.FieldChange;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.ReassignmentReason;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Registering a customer, keeping the customer card up to date and handing the customer to another rep. */
class CustomerTest {

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = customerFixture();
    }

    private static RegisterCustomer register(String customerId, CustomerCard card, String ownerRepId) {
        return new RegisterCustomer(customerId, card, ownerRepId, null, REGISTERED_AT);
    }

    @Nested
    class Registration {

        @Test
        void registersCustomerWithPotentialStageByDefault() {
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, CARD, ANNA))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(
                            new CustomerRegistered(CUSTOMER_ID, CARD, ANNA, LifecycleStage.POTENTIAL, REGISTERED_AT));
        }

        @Test
        void registersCustomerInTheStageGiven() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterCustomer(CUSTOMER_ID, CARD, ANNA, LifecycleStage.PURCHASING, REGISTERED_AT))
                    .expectEvents(
                            new CustomerRegistered(CUSTOMER_ID, CARD, ANNA, LifecycleStage.PURCHASING, REGISTERED_AT));
        }

        @Test
        void registeringReturnsVersionZero() {
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, CARD, ANNA))
                    .expectResultMessagePayload(0L);
        }

        @Test
        void registeredCustomerIsOwnedByTheGivenRep() {
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, CARD, ANNA))
                    .expectState(customer -> {
                        assertThat(customer.customerId()).isEqualTo(CUSTOMER_ID);
                        assertThat(customer.ownerRepId()).isEqualTo(ANNA);
                        assertThat(customer.card()).isEqualTo(CARD);
                        assertThat(customer.version()).isZero();
                    });
        }

        @Test
        void cannotRegisterSameCustomerTwice() {
            fixture.given(customerRegistered())
                    .when(register(CUSTOMER_ID, CARD, BEN))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.CONFLICT, "customer-already-registered", "customerId"));
        }

        @Test
        void cannotRegisterCustomerWithUnknownOwner() {
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, CARD, NOBODY))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "ownerRepId"))
                    .expectExceptionMessage("no rep rep-nobody is registered");
        }

        @Test
        void cannotRegisterCustomerWithDepartedOwner() {
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, CARD, CARLA))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "rep-departed", "ownerRepId"));
        }

        @Test
        void cannotRegisterCustomerWithoutOwner() {
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, CARD, null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "ownerRepId"));
        }

        @Test
        void cannotRegisterCustomerWithBlankName() {
            CustomerCard blankName = new CustomerCard("   ", "Keller Logistik GmbH", null, null, null);
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, blankName, ANNA))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "card.name"));
        }

        @Test
        void cannotRegisterCustomerWithoutCard() {
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, null, ANNA))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "card"));
        }

        @Test
        void cannotRegisterCustomerWithEmptyContactValue() {
            CustomerCard card = new CustomerCard(
                    "Maria Keller", null, null, null, List.of(new ContactPoint(ContactType.PHONE, "", "mobile")));
            fixture.givenNoPriorActivity()
                    .when(register(CUSTOMER_ID, card, ANNA))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "card.contacts[0].value"));
        }

        @Test
        void cannotRegisterCustomerWithInvalidId() {
            fixture.givenNoPriorActivity()
                    .when(register("cust 1001!", CARD, ANNA))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "customerId"));
        }

        @Test
        void cannotRegisterCustomerWithoutId() {
            fixture.givenNoPriorActivity()
                    .when(register(null, CARD, ANNA))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "customerId"));
        }

        @Test
        void cannotRegisterCustomerWithIdLongerThan64Characters() {
            fixture.givenNoPriorActivity()
                    .when(register("c".repeat(65), CARD, ANNA))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "customerId"));
        }

        @Test
        void cannotRegisterCustomerWithoutOccurredAt() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterCustomer(CUSTOMER_ID, CARD, ANNA, null, null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
        }
    }

    @Nested
    class CardUpdates {

        private UpdateCustomerCard update(String name, String company, String position, Set<CardField> cleared) {
            return new UpdateCustomerCard(CUSTOMER_ID, name, company, position, null, null, cleared, ANNA, LATER);
        }

        @Test
        void recordsOnlyTheFieldsThatChangedWithOldAndNewValues() {
            fixture.given(customerRegistered())
                    .when(update("Maria Keller", "Keller Logistics SE", "Head of Purchasing", null))
                    .expectEvents(new CustomerCardUpdated(
                            CUSTOMER_ID,
                            null,
                            new FieldChange<>("Keller Logistik GmbH", "Keller Logistics SE"),
                            null,
                            null,
                            null,
                            ANNA,
                            LATER));
        }

        @Test
        void recordsChangedAddressesAsOldAndNewList() {
            Address warehouse = new Address("warehouse", "Kanalweg 3", "Hamburg", "21107", null, "DE");
            fixture.given(customerRegistered())
                    .when(new UpdateCustomerCard(
                            CUSTOMER_ID, null, null, null, List.of(OFFICE, warehouse), null, null, BEN, LATER))
                    .expectEvents(new CustomerCardUpdated(
                            CUSTOMER_ID,
                            null,
                            null,
                            null,
                            new FieldChange<>(List.of(OFFICE), List.of(OFFICE, warehouse)),
                            null,
                            BEN,
                            LATER));
        }

        @Test
        void updatingTheCardReturnsTheNewVersion() {
            fixture.given(customerRegistered())
                    .when(update("Maria Keller-Brandt", null, null, null))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void recordsNothingWhenNothingChanges() {
            fixture.given(customerRegistered())
                    .when(update("Maria Keller", "Keller Logistik GmbH", null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(0L);
        }

        @Test
        void clearsTheCompany() {
            fixture.given(customerRegistered())
                    .when(update(null, null, null, Set.of(CardField.COMPANY)))
                    .expectEvents(new CustomerCardUpdated(
                            CUSTOMER_ID,
                            null,
                            new FieldChange<>("Keller Logistik GmbH", null),
                            null,
                            null,
                            null,
                            ANNA,
                            LATER));
        }

        @Test
        void clearsTheContactsToAnEmptyList() {
            fixture.given(customerRegistered())
                    .when(update(null, null, null, Set.of(CardField.CONTACTS)))
                    .expectEvents(new CustomerCardUpdated(
                            CUSTOMER_ID,
                            null,
                            null,
                            null,
                            null,
                            new FieldChange<>(List.of(WORK_EMAIL), List.of()),
                            ANNA,
                            LATER));
        }

        @Test
        void clearingAFieldThatIsAlreadyEmptyRecordsNothing() {
            CustomerCard withoutPosition = new CustomerCard("Maria Keller", null, null, null, null);
            fixture.given(new CustomerRegistered(
                            CUSTOMER_ID, withoutPosition, ANNA, LifecycleStage.POTENTIAL, REGISTERED_AT))
                    .when(update(null, null, null, Set.of(CardField.POSITION)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void comparesWithTheCardAsLastUpdated() {
            fixture.given(
                            customerRegistered(),
                            new CustomerCardUpdated(
                                    CUSTOMER_ID,
                                    null,
                                    new FieldChange<>("Keller Logistik GmbH", "Keller Logistics SE"),
                                    null,
                                    null,
                                    null,
                                    ANNA,
                                    LATER))
                    .when(new UpdateCustomerCard(
                            CUSTOMER_ID, null, "Keller Logistics SE", null, null, null, null, ANNA, EVEN_LATER))
                    .expectNoEvents()
                    .expectResultMessagePayload(1L);
        }

        @Test
        void cannotClearTheName() {
            fixture.given(customerRegistered())
                    .when(update(null, null, null, Set.of(CardField.NAME)))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "name-required", "name"));
        }

        @Test
        void cannotBlankTheName() {
            fixture.given(customerRegistered())
                    .when(update("  ", null, null, null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "card.name"));
        }

        @Test
        void cannotUpdateCardWithoutOccurredAt() {
            fixture.given(customerRegistered())
                    .when(new UpdateCustomerCard(CUSTOMER_ID, "Maria", null, null, null, null, null, ANNA, null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
        }

        @Test
        void cannotUpdateCardOfUnknownCustomer() {
            fixture.givenNoPriorActivity()
                    .when(update("Maria Keller-Brandt", null, null, null))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Reassignment {

        private ReassignCustomer reassignTo(String toRepId, ReassignmentReason reason, Instant occurredAt) {
            return new ReassignCustomer(CUSTOMER_ID, toRepId, reason, "Prefers calls before noon", occurredAt);
        }

        @Test
        void reassignsCustomerToAnotherActiveRepCarryingThePreviousOwner() {
            fixture.given(customerRegistered())
                    .when(reassignTo(BEN, ReassignmentReason.DEVELOPMENT_HANDOVER, LATER))
                    .expectEvents(new CustomerReassigned(
                            CUSTOMER_ID,
                            ANNA,
                            BEN,
                            ReassignmentReason.DEVELOPMENT_HANDOVER,
                            "Prefers calls before noon",
                            LATER))
                    .expectResultMessagePayload(1L)
                    .expectState(customer -> assertThat(customer.ownerRepId()).isEqualTo(BEN));
        }

        @Test
        void laterReassignmentStartsFromTheCurrentOwner() {
            fixture.given(
                            customerRegistered(),
                            new CustomerReassigned(CUSTOMER_ID, ANNA, BEN, ReassignmentReason.TEAM_CHANGE, null, LATER))
                    .when(reassignTo(ANNA, ReassignmentReason.CUSTOMER_REQUEST, EVEN_LATER))
                    .expectEvents(new CustomerReassigned(
                            CUSTOMER_ID,
                            BEN,
                            ANNA,
                            ReassignmentReason.CUSTOMER_REQUEST,
                            "Prefers calls before noon",
                            EVEN_LATER))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void cannotReassignToTheCurrentOwner() {
            fixture.given(customerRegistered())
                    .when(reassignTo(ANNA, ReassignmentReason.OTHER, LATER))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "already-owner", "toRepId"));
        }

        @Test
        void cannotReassignToUnknownRep() {
            fixture.given(customerRegistered())
                    .when(reassignTo(NOBODY, ReassignmentReason.WORKLOAD_BALANCING, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "toRepId"));
        }

        @Test
        void cannotReassignToDepartedRep() {
            fixture.given(customerRegistered())
                    .when(reassignTo(CARLA, ReassignmentReason.WORKLOAD_BALANCING, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "rep-departed", "toRepId"));
        }

        @Test
        void cannotReassignWithoutReason() {
            fixture.given(customerRegistered())
                    .when(reassignTo(BEN, null, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "reason"));
        }

        @Test
        void cannotReassignWithoutOccurredAt() {
            fixture.given(customerRegistered())
                    .when(reassignTo(BEN, ReassignmentReason.TEAM_CHANGE, null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
        }
    }
}
