package com.customertimeline.domain.customer;

import static com.customertimeline.domain.Rejections.rejected;
import static com.customertimeline.domain.customer.CustomerTestData.ANNA;
import static com.customertimeline.domain.customer.CustomerTestData.BEN;
import static com.customertimeline.domain.customer.CustomerTestData.CUSTOMER_ID;
import static com.customertimeline.domain.customer.CustomerTestData.EVEN_LATER;
import static com.customertimeline.domain.customer.CustomerTestData.FOLLOW_UP_DUE;
import static com.customertimeline.domain.customer.CustomerTestData.LATER;
import static com.customertimeline.domain.customer.CustomerTestData.callWithFollowUp;
import static com.customertimeline.domain.customer.CustomerTestData.customerFixture;
import static com.customertimeline.domain.customer.CustomerTestData.customerRegistered;
import static com.customertimeline.domain.customer.CustomerTestData.emailWithoutFollowUp;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.CommandRejectedException.Kind;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FollowUp;
import java.time.Instant;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recording conversations with the customer and keeping the promises made in them. */
class CustomerInteractionsTest {

    private static final FollowUp SEND_QUOTE = new FollowUp(FOLLOW_UP_DUE, "Send the quote");

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = customerFixture();
    }

    private static RecordInteraction call(String interactionId, String summary, Integer satisfaction) {
        return new RecordInteraction(
                CUSTOMER_ID,
                interactionId,
                Channel.PHONE,
                Direction.INBOUND,
                ANNA,
                summary,
                satisfaction,
                SEND_QUOTE,
                LATER);
    }

    @Nested
    class RecordingInteractions {

        @Test
        void recordsInteractionWithSatisfactionAndFollowUp() {
            fixture.given(customerRegistered())
                    .when(call("call-1", "Asked for a quote on 40 pallets of stretch film", 4))
                    .expectEvents(callWithFollowUp("call-1"))
                    .expectResultMessagePayload(1L);
        }

        @Test
        void recordsInteractionWithoutSatisfactionOrFollowUp() {
            fixture.given(customerRegistered())
                    .when(new RecordInteraction(
                            CUSTOMER_ID,
                            "mail-1",
                            Channel.EMAIL,
                            Direction.OUTBOUND,
                            ANNA,
                            "Sent the spring catalogue",
                            null,
                            null,
                            LATER))
                    .expectEvents(emailWithoutFollowUp("mail-1"));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 5})
        void acceptsSatisfactionAtTheEndsOfTheScale(int satisfaction) {
            fixture.given(customerRegistered())
                    .when(call("call-1", "Asked for a quote", satisfaction))
                    .expectEvents(new InteractionRecorded(
                            CUSTOMER_ID,
                            "call-1",
                            Channel.PHONE,
                            Direction.INBOUND,
                            ANNA,
                            "Asked for a quote",
                            satisfaction,
                            SEND_QUOTE,
                            LATER));
        }

        @Test
        void acceptsSummaryOfExactly4000Characters() {
            String summary = "x".repeat(4_000);
            fixture.given(customerRegistered())
                    .when(call("call-1", summary, null))
                    .expectEvents(new InteractionRecorded(
                            CUSTOMER_ID,
                            "call-1",
                            Channel.PHONE,
                            Direction.INBOUND,
                            ANNA,
                            summary,
                            null,
                            SEND_QUOTE,
                            LATER));
        }

        @Test
        void cannotRecordSummaryLongerThan4000Characters() {
            fixture.given(customerRegistered())
                    .when(call("call-1", "x".repeat(4_001), null))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "too-long", "summary"))
                    .expectExceptionMessage("summary must be at most 4000 characters");
        }

        @Test
        void cannotRecordSameInteractionTwice() {
            fixture.given(customerRegistered(), callWithFollowUp("call-1"))
                    .when(call("call-1", "Called again", null))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.CONFLICT, "duplicate-interaction", "interactionId"));
        }

        @Test
        void cannotRecordSatisfactionOfZero() {
            fixture.given(customerRegistered())
                    .when(call("call-1", "Asked for a quote", 0))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "satisfaction-out-of-range", "satisfaction"));
        }

        @Test
        void cannotRecordSatisfactionOfSix() {
            fixture.given(customerRegistered())
                    .when(call("call-1", "Asked for a quote", 6))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "satisfaction-out-of-range", "satisfaction"));
        }

        @Test
        void cannotRecordInteractionWithoutChannel() {
            fixture.given(customerRegistered())
                    .when(new RecordInteraction(
                            CUSTOMER_ID, "call-1", null, Direction.INBOUND, ANNA, "Asked", null, null, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "channel"));
        }

        @Test
        void cannotRecordInteractionWithoutDirection() {
            fixture.given(customerRegistered())
                    .when(new RecordInteraction(
                            CUSTOMER_ID, "call-1", Channel.PHONE, null, ANNA, "Asked", null, null, LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "direction"));
        }

        @Test
        void cannotRecordInteractionWithBlankSummary() {
            fixture.given(customerRegistered())
                    .when(call("call-1", " ", null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "summary"));
        }

        @Test
        void cannotRecordInteractionWithInvalidId() {
            fixture.given(customerRegistered())
                    .when(call("call #1", "Asked for a quote", null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "interactionId"));
        }

        @Test
        void cannotRecordFollowUpWithoutDueDate() {
            fixture.given(customerRegistered())
                    .when(new RecordInteraction(
                            CUSTOMER_ID,
                            "call-1",
                            Channel.PHONE,
                            Direction.INBOUND,
                            ANNA,
                            "Asked for a quote",
                            null,
                            new FollowUp(null, "Send the quote"),
                            LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "followUp.dueAt"));
        }

        @Test
        void cannotRecordInteractionWithoutOccurredAt() {
            fixture.given(customerRegistered())
                    .when(new RecordInteraction(
                            CUSTOMER_ID,
                            "call-1",
                            Channel.PHONE,
                            Direction.INBOUND,
                            ANNA,
                            "Asked for a quote",
                            null,
                            null,
                            null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
        }
    }

    @Nested
    class CompletingFollowUps {

        private CompleteFollowUp complete(String interactionId, Instant occurredAt) {
            return new CompleteFollowUp(CUSTOMER_ID, interactionId, BEN, "Quote sent by email", occurredAt);
        }

        @Test
        void completesOpenFollowUp() {
            fixture.given(customerRegistered(), callWithFollowUp("call-1"))
                    .when(complete("call-1", EVEN_LATER))
                    .expectEvents(new FollowUpCompleted(CUSTOMER_ID, "call-1", BEN, "Quote sent by email", EVEN_LATER))
                    .expectResultMessagePayload(2L);
        }

        @Test
        void cannotCompleteFollowUpOfUnknownInteraction() {
            fixture.given(customerRegistered(), callWithFollowUp("call-1"))
                    .when(complete("call-2", EVEN_LATER))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.NOT_FOUND, "unknown-interaction", "interactionId"));
        }

        @Test
        void cannotCompleteFollowUpOfInteractionThatHasNone() {
            fixture.given(customerRegistered(), emailWithoutFollowUp("mail-1"))
                    .when(complete("mail-1", EVEN_LATER))
                    .expectNoEvents()
                    .expectException(CommandRejectedException.class)
                    .expectException(rejected(Kind.RULE_VIOLATED, "no-open-follow-up", "interactionId"));
        }

        @Test
        void cannotCompleteFollowUpTwice() {
            fixture.given(
                            customerRegistered(),
                            callWithFollowUp("call-1"),
                            new FollowUpCompleted(CUSTOMER_ID, "call-1", ANNA, null, EVEN_LATER))
                    .when(complete("call-1", EVEN_LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "no-open-follow-up", "interactionId"));
        }

        @Test
        void cannotCompleteFollowUpWithoutRep() {
            fixture.given(customerRegistered(), callWithFollowUp("call-1"))
                    .when(new CompleteFollowUp(CUSTOMER_ID, "call-1", null, null, EVEN_LATER))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "invalid-id", "repId"));
        }

        @Test
        void cannotCompleteFollowUpWithoutOccurredAt() {
            fixture.given(customerRegistered(), callWithFollowUp("call-1"))
                    .when(complete("call-1", null))
                    .expectNoEvents()
                    .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
        }
    }
}
