package com.customertimeline.domain.customer;

import static com.customertimeline.domain.Rejections.rejected;
import static com.customertimeline.domain.customer.CustomerTestData.ANNA;
import static com.customertimeline.domain.customer.CustomerTestData.BEN;
import static com.customertimeline.domain.customer.CustomerTestData.CUSTOMER_ID;
import static com.customertimeline.domain.customer.CustomerTestData.EVEN_LATER;
import static com.customertimeline.domain.customer.CustomerTestData.LATER;
import static com.customertimeline.domain.customer.CustomerTestData.complaintFiled;
import static com.customertimeline.domain.customer.CustomerTestData.customerFixture;
import static com.customertimeline.domain.customer.CustomerTestData.customerRegistered;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.CommandRejectedException.Kind;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import java.time.Instant;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Filing complaints, answering them and closing them. */
class CustomerComplaintsTest {

    private static final Instant NEXT_WEEK = Instant.parse("2026-03-09T08:00:00Z");

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = customerFixture();
    }

    private static ComplaintResponded responded(String complaintId, boolean firstResponse) {
        return new ComplaintResponded(
                CUSTOMER_ID, complaintId, BEN, "We are sorry; the carrier was delayed", firstResponse, EVEN_LATER);
    }

    private static ComplaintResolved resolved(String complaintId) {
        return new ComplaintResolved(CUSTOMER_ID, complaintId, BEN, "Shipping refunded", 4, NEXT_WEEK);
    }

    @Nested
    class Filing {

        private FileComplaint file(String complaintId, ComplaintSeverity severity) {
            return new FileComplaint(
                    CUSTOMER_ID,
                    complaintId,
                    Channel.EMAIL,
                    "delivery",
                    severity,
                    "Delivery arrived three days late",
                    ANNA,
                    LATER);
        }

        @Test
        void filesComplaint() {
            fixture.given(customerRegistered())
                    .when(file("compl-1", ComplaintSeverity.HIGH))
                    .expectEvents(complaintFiled("compl-1"))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void cannotFileSameComplaintTwice() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"))
                    .when(file("compl-1", ComplaintSeverity.LOW))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.CONFLICT, "duplicate-complaint", "complaintId"));
        }

        @Test
        void cannotFileComplaintWithSameIdEvenAfterItWasResolved() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"), resolved("compl-1"))
                    .when(file("compl-1", ComplaintSeverity.LOW))
                    .expectNoEvents()
                    .expectException(rejected(Kind.CONFLICT, "duplicate-complaint", "complaintId"));
        }

        @Test
        void cannotFileComplaintWithoutSeverity() {
            fixture.given(customerRegistered())
                    .when(file("compl-1", null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "severity"));
        }

        @Test
        void cannotFileComplaintWithoutCategory() {
            fixture.given(customerRegistered())
                    .when(new FileComplaint(
                            CUSTOMER_ID,
                            "compl-1",
                            Channel.PHONE,
                            "",
                            ComplaintSeverity.MEDIUM,
                            "Rude driver",
                            null,
                            LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "category"));
        }
    }

    @Nested
    class Responding {

        private RespondToComplaint respond(String complaintId, String message) {
            return new RespondToComplaint(CUSTOMER_ID, complaintId, BEN, message, EVEN_LATER);
        }

        @Test
        void firstResponseIsMarkedAsFirst() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"))
                    .when(respond("compl-1", "We are sorry; the carrier was delayed"))
                    .expectEvents(responded("compl-1", true))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void laterResponseIsNotMarkedAsFirst() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"), responded("compl-1", true))
                    .when(respond("compl-1", "We are sorry; the carrier was delayed"))
                    .expectEvents(responded("compl-1", false))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void firstResponseIsTrackedPerComplaint() {
            fixture.given(
                            customerRegistered(),
                            complaintFiled("compl-1"),
                            responded("compl-1", true),
                            complaintFiled("compl-2"))
                    .when(respond("compl-2", "We are sorry; the carrier was delayed"))
                    .expectEvents(responded("compl-2", true));
        }

        @Test
        void cannotRespondToUnknownComplaint() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"))
                    .when(respond("compl-2", "Hello"))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.NOT_FOUND, "unknown-complaint", "complaintId"));
        }

        @Test
        void cannotRespondToAlreadyResolvedComplaint() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"), resolved("compl-1"))
                    .when(respond("compl-1", "One more thing"))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "complaint-resolved", "complaintId"));
        }

        @Test
        void cannotRespondWithBlankMessage() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"))
                    .when(respond("compl-1", "   "))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "message"));
        }
    }

    @Nested
    class Resolving {

        private ResolveComplaint resolve(String complaintId, Integer satisfaction) {
            return new ResolveComplaint(CUSTOMER_ID, complaintId, BEN, "Shipping refunded", satisfaction, NEXT_WEEK);
        }

        @Test
        void resolvesComplaintWithSatisfaction() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"), responded("compl-1", true))
                    .when(resolve("compl-1", 4))
                    .expectEvents(resolved("compl-1"))
                    .expectResultMessagePayload(3L);
        }

        @Test
        void resolvesComplaintThatWasNeverAnswered() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"))
                    .when(resolve("compl-1", null))
                    .expectEvents(
                            new ComplaintResolved(CUSTOMER_ID, "compl-1", BEN, "Shipping refunded", null, NEXT_WEEK));
        }

        @Test
        void cannotResolveUnknownComplaint() {
            fixture.given(customerRegistered())
                    .when(resolve("compl-1", 4))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.NOT_FOUND, "unknown-complaint", "complaintId"));
        }

        @Test
        void cannotResolveComplaintTwice() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"), resolved("compl-1"))
                    .when(resolve("compl-1", 5))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "complaint-resolved", "complaintId"));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 6})
        void cannotResolveWithSatisfactionOutOfRange(int satisfaction) {
            fixture.given(customerRegistered(), complaintFiled("compl-1"))
                    .when(resolve("compl-1", satisfaction))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "satisfaction-out-of-range", "satisfaction"));
        }

        @Test
        void cannotResolveWithoutResolution() {
            fixture.given(customerRegistered(), complaintFiled("compl-1"))
                    .when(new ResolveComplaint(CUSTOMER_ID, "compl-1", BEN, null, null, NEXT_WEEK))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "resolution"));
        }
    }
}
