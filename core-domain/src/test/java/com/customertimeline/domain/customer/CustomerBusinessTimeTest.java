package com.customertimeline.domain.customer;

import static com.customertimeline.domain.Rejections.rejected;
import static com.customertimeline.domain.customer.CustomerTestData.ANNA;
import static com.customertimeline.domain.customer.CustomerTestData.BEN;
import static com.customertimeline.domain.customer.CustomerTestData.CARD;
import static com.customertimeline.domain.customer.CustomerTestData.CUSTOMER_ID;
import static com.customertimeline.domain.customer.CustomerTestData.REGISTERED_AT;
import static com.customertimeline.domain.customer.CustomerTestData.callWithFollowUp;
import static com.customertimeline.domain.customer.CustomerTestData.complaintFiled;
import static com.customertimeline.domain.customer.CustomerTestData.customerFixture;
import static com.customertimeline.domain.customer.CustomerTestData.customerRegistered;

import com.customertimeline.domain.CommandRejectedException.Kind;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FollowUp;
import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.model.ReassignmentReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Business time must be plausible: not before 1900, and not before the customer's registration unless
 * the caller says it is importing older history.
 */
class CustomerBusinessTimeTest {

    private static final Instant YEAR_BEFORE_REGISTRATION = REGISTERED_AT.minusSeconds(365L * 24 * 3600);

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = customerFixture();
    }

    private static RecordInteraction call(Instant at, boolean imported) {
        return new RecordInteraction(
                CUSTOMER_ID,
                "call-1",
                Channel.PHONE,
                Direction.INBOUND,
                ANNA,
                "Asked about prices",
                null,
                null,
                at,
                imported);
    }

    @Test
    void refusesAnInteractionDatedBeforeTheRegistration() {
        fixture.given(customerRegistered())
                .when(call(YEAR_BEFORE_REGISTRATION, false))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "before-registration", "occurredAt"));
    }

    @Test
    void acceptsAnInteractionDatedBeforeTheRegistrationWhenItIsImportedHistory() {
        fixture.given(customerRegistered())
                .when(call(YEAR_BEFORE_REGISTRATION, true))
                .expectEvents(new InteractionRecorded(
                        CUSTOMER_ID,
                        "call-1",
                        Channel.PHONE,
                        Direction.INBOUND,
                        ANNA,
                        "Asked about prices",
                        null,
                        null,
                        YEAR_BEFORE_REGISTRATION));
    }

    @Test
    void acceptsAnInteractionAtTheMomentOfRegistration() {
        fixture.given(customerRegistered()).when(call(REGISTERED_AT, false)).expectSuccessfulHandlerExecution();
    }

    @Test
    void refusesBusinessTimeBefore1900EvenForImports() {
        fixture.given(customerRegistered())
                .when(call(Instant.parse("1899-12-31T23:59:59Z"), true))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "time-out-of-range", "occurredAt"));
    }

    @Test
    void refusesARegistrationDatedBefore1900() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(CUSTOMER_ID, CARD, ANNA, null, Instant.parse("0001-01-01T00:00:00Z")))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "time-out-of-range", "occurredAt"));
    }

    @Test
    void refusesAPromiseDueBefore1900() {
        fixture.given(customerRegistered())
                .when(new RecordInteraction(
                        CUSTOMER_ID,
                        "call-1",
                        Channel.PHONE,
                        Direction.INBOUND,
                        ANNA,
                        "Asked about prices",
                        null,
                        new FollowUp(Instant.parse("1000-01-01T00:00:00Z"), "Call back"),
                        REGISTERED_AT))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "time-out-of-range", "followUp.dueAt"));
    }

    @Test
    void refusesAPurchaseDatedBeforeTheRegistration() {
        LineItem item = new LineItem("SKU-1", null, 1, new Money(new BigDecimal("5.00"), "EUR"));
        fixture.given(customerRegistered())
                .when(new RecordPurchase(CUSTOMER_ID, "order-1", List.of(item), null, ANNA, YEAR_BEFORE_REGISTRATION))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "before-registration", "occurredAt"));
    }

    @Test
    void refusesAComplaintResponseDatedBeforeTheRegistration() {
        fixture.given(customerRegistered(), complaintFiled("cmp-1"))
                .when(new RespondToComplaint(CUSTOMER_ID, "cmp-1", ANNA, "On it", YEAR_BEFORE_REGISTRATION))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "before-registration", "occurredAt"));
    }

    @Test
    void refusesAReassignmentDatedBeforeTheRegistration() {
        fixture.given(customerRegistered())
                .when(new ReassignCustomer(
                        CUSTOMER_ID, BEN, ReassignmentReason.WORKLOAD_BALANCING, null, YEAR_BEFORE_REGISTRATION))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "before-registration", "occurredAt"));
    }

    @Test
    void refusesAComplaintResponseDatedBeforeTheComplaintEvenWhenImported() {
        fixture.given(customerRegistered(), complaintFiled("cmp-1"))
                .when(new RespondToComplaint(CUSTOMER_ID, "cmp-1", ANNA, "On it", REGISTERED_AT, true))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "before-complaint", "occurredAt"));
    }

    @Test
    void refusesAComplaintResolutionDatedBeforeTheComplaint() {
        fixture.given(customerRegistered(), complaintFiled("cmp-1"))
                .when(new ResolveComplaint(CUSTOMER_ID, "cmp-1", ANNA, "Refunded", 4, REGISTERED_AT))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "before-complaint", "occurredAt"));
    }

    @Test
    void refusesKeepingAPromiseBeforeItWasMade() {
        fixture.given(customerRegistered(), callWithFollowUp("call-1"))
                .when(new CompleteFollowUp(CUSTOMER_ID, "call-1", ANNA, "Sent", REGISTERED_AT))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "before-promise", "occurredAt"));
    }
}
