package com.customertimeline.domain.customer;

import static com.customertimeline.domain.Rejections.rejected;
import static com.customertimeline.domain.customer.CustomerTestData.ANNA;
import static com.customertimeline.domain.customer.CustomerTestData.BEN;
import static com.customertimeline.domain.customer.CustomerTestData.CARD;
import static com.customertimeline.domain.customer.CustomerTestData.CUSTOMER_ID;
import static com.customertimeline.domain.customer.CustomerTestData.LATER;
import static com.customertimeline.domain.customer.CustomerTestData.NOBODY;
import static com.customertimeline.domain.customer.CustomerTestData.REGISTERED_AT;
import static com.customertimeline.domain.customer.CustomerTestData.callWithFollowUp;
import static com.customertimeline.domain.customer.CustomerTestData.complaintFiled;
import static com.customertimeline.domain.customer.CustomerTestData.customerRegistered;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.CommandRejectedException.Kind;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.rep.InMemoryRepRoster;
import com.customertimeline.domain.rep.RepStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every rep a command names as acting for the customer (recording, responding, resolving, keeping a
 * promise, acknowledging, editing the card) must be registered and must not have left by then.
 */
class CustomerActingRepTest {

    /** Left the company on 2026-03-02 at 09:30, before LATER, after the customer was registered. */
    private static final String DORA = "rep-dora";

    private static final Instant DORA_LEFT = Instant.parse("2026-03-02T09:30:00Z");
    private static final Instant BEFORE_DORA_LEFT = Instant.parse("2026-03-02T09:15:00Z");

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Customer.class);
        fixture.registerInjectableResource(new InMemoryRepRoster()
                .with(ANNA, RepStatus.ACTIVE)
                .with(BEN, RepStatus.ACTIVE)
                .departed(DORA, DORA_LEFT));
    }

    private static RecordInteraction callBy(String repId, Instant at) {
        return new RecordInteraction(
                CUSTOMER_ID, "call-9", Channel.PHONE, Direction.INBOUND, repId, "Asked about prices", null, null, at);
    }

    @Test
    void refusesAnInteractionByARepWhoWasNeverRegistered() {
        fixture.given(customerRegistered())
                .when(callBy(NOBODY, LATER))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "repId"));
    }

    @Test
    void refusesAnInteractionByARepAfterTheyLeft() {
        fixture.given(customerRegistered())
                .when(callBy(DORA, LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "rep-departed", "repId"));
    }

    @Test
    void acceptsAnInteractionARepRecordedBeforeTheyLeft() {
        fixture.given(customerRegistered())
                .when(callBy(DORA, BEFORE_DORA_LEFT))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(1L);
    }

    @Test
    void refusesAComplaintResponseByAnUnknownRep() {
        fixture.given(customerRegistered(), complaintFiled("cmp-1"))
                .when(new RespondToComplaint(CUSTOMER_ID, "cmp-1", NOBODY, "We are on it", LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "repId"));
    }

    @Test
    void refusesAComplaintResolutionByADepartedRep() {
        fixture.given(customerRegistered(), complaintFiled("cmp-1"))
                .when(new ResolveComplaint(CUSTOMER_ID, "cmp-1", DORA, "Refunded", 4, LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "rep-departed", "repId"));
    }

    @Test
    void refusesAComplaintFiledByAnUnknownRep() {
        fixture.given(customerRegistered())
                .when(new FileComplaint(
                        CUSTOMER_ID, "cmp-2", Channel.EMAIL, "delivery", ComplaintSeverity.LOW, "Late", NOBODY, LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "repId"));
    }

    @Test
    void refusesAPurchaseAttributedToAnUnknownRep() {
        LineItem item = new LineItem("SKU-1", null, 1, new Money(new BigDecimal("5.00"), "EUR"));
        fixture.given(customerRegistered())
                .when(new RecordPurchase(CUSTOMER_ID, "order-1", List.of(item), null, NOBODY, LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "repId"));
    }

    @Test
    void refusesKeepingAPromiseByAnUnknownRep() {
        fixture.given(customerRegistered(), callWithFollowUp("call-1"))
                .when(new CompleteFollowUp(CUSTOMER_ID, "call-1", NOBODY, "done", LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "repId"));
    }

    @Test
    void refusesACardChangeByAnUnknownRep() {
        fixture.given(customerRegistered())
                .when(new UpdateCustomerCard(
                        CUSTOMER_ID, null, "New Company GmbH", null, null, null, Set.of(), NOBODY, LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "unknown-rep", "updatedByRepId"));
    }

    @Test
    void refusesAHandoverAcknowledgementByAnOwnerWhoHasSinceLeft() {
        fixture.given(
                        new CustomerRegistered(CUSTOMER_ID, CARD, ANNA, null, REGISTERED_AT),
                        new CustomerReassigned(
                                CUSTOMER_ID, ANNA, DORA, ReassignmentReason.WORKLOAD_BALANCING, null, REGISTERED_AT))
                .when(new AcknowledgeHandover(CUSTOMER_ID, DORA, LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "rep-departed", "repId"));
    }
}
