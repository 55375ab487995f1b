package com.customertimeline.domain.customer;

import static com.customertimeline.domain.Rejections.rejected;
import static com.customertimeline.domain.customer.CustomerTestData.ANNA;
import static com.customertimeline.domain.customer.CustomerTestData.BEN;
import static com.customertimeline.domain.customer.CustomerTestData.CARD;
import static com.customertimeline.domain.customer.CustomerTestData.CARLA;
import static com.customertimeline.domain.customer.CustomerTestData.CUSTOMER_ID;
import static com.customertimeline.domain.customer.CustomerTestData.EVEN_LATER;
import static com.customertimeline.domain.customer.CustomerTestData.LATER;
import static com.customertimeline.domain.customer.CustomerTestData.REGISTERED_AT;
import static com.customertimeline.domain.customer.CustomerTestData.customerFixture;
import static com.customertimeline.domain.customer.CustomerTestData.customerRegistered;
import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.CommandRejectedException.Kind;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.ReassignmentReason;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Erasing a customer's personal data on request: recorded once, and the end of the customer's new history. */
class CustomerErasureTest {

    private static final String REASON = "PIPL request #2026-118";

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = customerFixture();
    }

    private static CustomerPersonalDataErased erased() {
        return new CustomerPersonalDataErased(CUSTOMER_ID, REASON, "admin", LATER);
    }

    @Test
    void erasingRecordsThatThePersonalDataWasErased() {
        fixture.given(customerRegistered())
                .when(new EraseCustomerPersonalData(CUSTOMER_ID, REASON, "admin", LATER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(erased())
                .expectResultMessagePayload(1L);
    }

    @Test
    void theErasedCustomerNoLongerHoldsTheCard() {
        fixture.given(customerRegistered())
                .when(new EraseCustomerPersonalData(CUSTOMER_ID, REASON, "admin", LATER))
                .expectState(customer -> {
                    assertThat(customer.erased()).isTrue();
                    assertThat(customer.card()).isNull();
                });
    }

    @Test
    void erasingTwiceRecordsNothingTheSecondTime() {
        fixture.given(customerRegistered(), erased())
                .when(new EraseCustomerPersonalData(CUSTOMER_ID, REASON, "admin", EVEN_LATER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void anErasureWithoutAReasonIsRefused() {
        fixture.given(customerRegistered())
                .when(new EraseCustomerPersonalData(CUSTOMER_ID, " ", "admin", LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "reason"));
    }

    @Test
    void anInteractionWithAnErasedCustomerIsRefused() {
        fixture.given(customerRegistered(), erased())
                .when(new RecordInteraction(
                        CUSTOMER_ID, "i-9", Channel.PHONE, Direction.INBOUND, ANNA, "Called", null, null, EVEN_LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "customer-erased", "customerId"));
    }

    @Test
    void aReassignmentOfAnErasedCustomerIsRefused() {
        fixture.given(customerRegistered(), erased())
                .when(new ReassignCustomer(CUSTOMER_ID, BEN, ReassignmentReason.TEAM_CHANGE, "note", EVEN_LATER))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "customer-erased", "customerId"));
    }

    @Test
    void anErasedCustomerOfADepartedRepStillGetsAnOwnerButNoNote() {
        fixture.given(
                        new CustomerRegistered(CUSTOMER_ID, CARD, CARLA, LifecycleStage.POTENTIAL, REGISTERED_AT),
                        erased())
                .when(new HandOverFromDepartedRep(CUSTOMER_ID, CARLA, BEN, "Taken over from Carla", EVEN_LATER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CustomerReassigned(
                        CUSTOMER_ID, CARLA, BEN, ReassignmentReason.REP_DEPARTED, null, EVEN_LATER));
    }
}
