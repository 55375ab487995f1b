package com.customertimeline.domain.customer;

import static com.customertimeline.domain.Rejections.rejected;
import static com.customertimeline.domain.customer.CustomerTestData.ANNA;
import static com.customertimeline.domain.customer.CustomerTestData.CUSTOMER_ID;
import static com.customertimeline.domain.customer.CustomerTestData.LATER;
import static com.customertimeline.domain.customer.CustomerTestData.customerFixture;
import static com.customertimeline.domain.customer.CustomerTestData.customerRegistered;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.CommandRejectedException.Kind;
import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import java.math.BigDecimal;
import java.util.List;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recording what the customer bought. */
class CustomerPurchasesTest {

    private static final LineItem STRETCH_FILM = new LineItem("SF-500", "Stretch film 500 mm", 3, eur("19.99"));
    private static final LineItem LABEL_PRINTER = new LineItem("LP-200", "Label printer", 1, eur("249.00"));

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = customerFixture();
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }

    private static RecordPurchase purchase(String orderId, List<LineItem> lineItems, Money total) {
        return new RecordPurchase(CUSTOMER_ID, orderId, lineItems, total, ANNA, LATER);
    }

    @Test
    void computesTheTotalAsTheSumOfTheLineItems() {
        List<LineItem> items = List.of(STRETCH_FILM, LABEL_PRINTER);
        fixture.given(customerRegistered())
                .when(purchase("order-1", items, null))
                .expectEvents(new PurchaseRecorded(CUSTOMER_ID, "order-1", items, eur("308.97"), ANNA, LATER))
                .expectResultMessagePayload(1L);
    }

    @Test
    void addsAmountsExactlyWithoutFloatingPointDrift() {
        // as doubles, 3 x 0.10 + 0.20 is 0.5000000000000001
        List<LineItem> items =
                List.of(new LineItem("CLIP", "Clip", 3, eur("0.10")), new LineItem("PIN", "Pin", 1, eur("0.20")));
        fixture.given(customerRegistered())
                .when(purchase("order-1", items, null))
                .expectEvents(new PurchaseRecorded(CUSTOMER_ID, "order-1", items, eur("0.50"), ANNA, LATER));
    }

    @Test
    void keepsAnExplicitTotal() {
        List<LineItem> items = List.of(STRETCH_FILM, LABEL_PRINTER);
        fixture.given(customerRegistered())
                .when(purchase("order-1", items, eur("290.00")))
                .expectEvents(new PurchaseRecorded(CUSTOMER_ID, "order-1", items, eur("290.00"), ANNA, LATER));
    }

    @Test
    void acceptsTheSameOrderIdAfterADifferentOrder() {
        fixture.given(
                        customerRegistered(),
                        new PurchaseRecorded(CUSTOMER_ID, "order-1", List.of(STRETCH_FILM), eur("59.97"), ANNA, LATER))
                .when(purchase("order-2", List.of(LABEL_PRINTER), null))
                .expectEvents(new PurchaseRecorded(
                        CUSTOMER_ID, "order-2", List.of(LABEL_PRINTER), eur("249.00"), ANNA, LATER))
                .expectResultMessagePayload(2L);
    }

    @Test
    void cannotRecordSameOrderTwice() {
        fixture.given(
                        customerRegistered(),
                        new PurchaseRecorded(CUSTOMER_ID, "order-1", List.of(STRETCH_FILM), eur("59.97"), ANNA, LATER))
                .when(purchase("order-1", List.of(LABEL_PRINTER), null))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectException(rejected(Kind.CONFLICT, "duplicate-order", "orderId"));
    }

    @Test
    void cannotRecordPurchaseWithoutLineItems() {
        fixture.given(customerRegistered())
                .when(purchase("order-1", null, eur("10.00")))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectException(rejected(Kind.RULE_VIOLATED, "no-line-items", "lineItems"));
    }

    @Test
    void cannotRecordLineItemWithZeroQuantity() {
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(LABEL_PRINTER, new LineItem("SF-500", null, 0, eur("19.99"))), null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "quantity-not-positive", "lineItems[1].quantity"));
    }

    @Test
    void cannotRecordUnknownCurrency() {
        LineItem item = new LineItem("SF-500", null, 1, new Money(new BigDecimal("19.99"), "XXY"));
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(item), null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "unknown-currency", "lineItems[0].unitPrice.currency"));
    }

    @Test
    void cannotMixCurrenciesAcrossLineItems() {
        LineItem inDollars = new LineItem("LP-200", null, 1, new Money(new BigDecimal("269.00"), "USD"));
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(STRETCH_FILM, inDollars), null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "mixed-currencies", "lineItems[1].unitPrice.currency"));
    }

    @Test
    void cannotGiveTheTotalInAnotherCurrency() {
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(STRETCH_FILM), new Money(new BigDecimal("65.00"), "USD")))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "mixed-currencies", "total.currency"));
    }

    @Test
    void cannotRecordNegativeUnitPrice() {
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(new LineItem("REFUND", null, 1, eur("-5.00"))), null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "negative-amount", "lineItems[0].unitPrice"));
    }

    @Test
    void cannotRecordLineItemWithoutSku() {
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(new LineItem(" ", null, 1, eur("5.00"))), null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "lineItems[0].sku"));
    }

    @Test
    void cannotRecordPurchaseWithoutOccurredAt() {
        fixture.given(customerRegistered())
                .when(new RecordPurchase(CUSTOMER_ID, "order-1", List.of(STRETCH_FILM), null, ANNA, null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "missing-value", "occurredAt"));
    }

    @Test
    void refusesAnOrderWhoseLineItemsAddUpToMoreThanTheLargestAmount() {
        // each unit price is within bounds; together they are not
        LineItem pricey = new LineItem("YACHT", "Yacht", 2_000_000, eur("999999999999.99"));
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(pricey), null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "amount-too-large", "lineItems"));
    }

    @Test
    void refusesATotalBeyondTheLargestAmount() {
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(STRETCH_FILM), eur("1000000000000000")))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "amount-out-of-range", "total.amount"));
    }

    @Test
    void refusesAUnitPriceWithMoreThanFourDecimals() {
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(new LineItem("X", null, 1, eur("0.00001"))), null))
                .expectNoEvents()
                .expectException(rejected(Kind.RULE_VIOLATED, "amount-out-of-range", "lineItems[0].unitPrice.amount"));
    }

    @Test
    void acceptsTheLargestAmountAsTotal() {
        fixture.given(customerRegistered())
                .when(purchase("order-1", List.of(new LineItem("X", null, 1, eur("999999999999999.9999"))), null))
                .expectSuccessfulHandlerExecution();
    }
}
