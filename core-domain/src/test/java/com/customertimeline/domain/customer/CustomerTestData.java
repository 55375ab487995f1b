package com.customertimeline.domain.customer;

import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.ContactType;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FollowUp;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.rep.InMemoryRepRoster;
import com.customertimeline.domain.rep.RepStatus;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

/** Shared data for the customer aggregate tests: one customer, three reps, fixed business times. */
final class CustomerTestData {

    static final String CUSTOMER_ID = "cust-1001";

    /** Active rep who owns the customer after registration. */
    static final String ANNA = "rep-anna";
    /** Another active rep. */
    static final String BEN = "rep-ben";
    /** A rep who has left the company. */
    static final String CARLA = "rep-carla";
    /** Never registered. */
    static final String NOBODY = "rep-nobody";

    static final Instant REGISTERED_AT = Instant.parse("2026-03-01T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-03-02T10:30:00Z");
    static final Instant EVEN_LATER = Instant.parse("2026-03-03T14:15:00Z");
    static final Instant FOLLOW_UP_DUE = Instant.parse("2026-03-09T17:00:00Z");

    static final Address OFFICE = new Address("office", "Hafenstrasse 12", "Hamburg", "20457", "Hamburg", "DE");
    static final ContactPoint WORK_EMAIL = new ContactPoint(ContactType.EMAIL, "maria.keller@example.com", "work");

    static final CustomerCard CARD = new CustomerCard(
            "Maria Keller", "Keller Logistik GmbH", "Head of Purchasing", List.of(OFFICE), List.of(WORK_EMAIL));

    private CustomerTestData() {}

    static FixtureConfiguration<Customer> customerFixture() {
        FixtureConfiguration<Customer> fixture = new AggregateTestFixture<>(Customer.class);
        fixture.registerInjectableResource(new InMemoryRepRoster()
                .with(ANNA, RepStatus.ACTIVE)
                .with(BEN, RepStatus.ACTIVE)
                .with(CARLA, RepStatus.DEPARTED));
        return fixture;
    }

    static CustomerRegistered customerRegistered() {
        return new CustomerRegistered(CUSTOMER_ID, CARD, ANNA, LifecycleStage.POTENTIAL, REGISTERED_AT);
    }

    static InteractionRecorded callWithFollowUp(String interactionId) {
        return new InteractionRecorded(
                CUSTOMER_ID,
                interactionId,
                Channel.PHONE,
                Direction.INBOUND,
                ANNA,
                "Asked for a quote on 40 pallets of stretch film",
                4,
                new FollowUp(FOLLOW_UP_DUE, "Send the quote"),
                LATER);
    }

    static InteractionRecorded emailWithoutFollowUp(String interactionId) {
        return new InteractionRecorded(
                CUSTOMER_ID,
                interactionId,
                Channel.EMAIL,
                Direction.OUTBOUND,
                ANNA,
                "Sent the spring catalogue",
                null,
                null,
                LATER);
    }

    static ComplaintFiled complaintFiled(String complaintId) {
        return new ComplaintFiled(
                CUSTOMER_ID,
                complaintId,
                Channel.EMAIL,
                "delivery",
                ComplaintSeverity.HIGH,
                "Delivery arrived three days late",
                ANNA,
                LATER);
    }
}
