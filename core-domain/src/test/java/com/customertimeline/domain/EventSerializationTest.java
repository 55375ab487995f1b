package com.customertimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.ComplaintFiled;
import com.customertimeline.domain.customer.ComplaintResolved;
import com.customertimeline.domain.customer.ComplaintResponded;
import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.customer.CustomerPersonalDataErased;
import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.CustomerRegistered;
import com.customertimeline.domain.customer.FollowUpCompleted;
import com.customertimeline.domain.customer.HandoverAcknowledged;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.customer.PurchaseRecorded;
import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.ContactType;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FieldChange;
import com.customertimeline.domain.model.FollowUp;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.rep.RepDeparted;
import com.customertimeline.domain.rep.RepRegistered;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event survives a Jackson round trip unchanged, generic field changes included. */
class EventSerializationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-03-02T10:30:00.123456789Z");

    private static final Address OFFICE = new Address("office", "Hafenstrasse 12", "Hamburg", "20457", null, "DE");
    private static final Address WAREHOUSE =
            new Address("warehouse", "Kanalweg 3", "Hamburg", "21107", "Hamburg", "DE");
    private static final ContactPoint EMAIL = new ContactPoint(ContactType.EMAIL, "maria.keller@example.com", "work");
    private static final ContactPoint MOBILE = new ContactPoint(ContactType.MOBILE, "+49 170 1234567", null);

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static Stream<Object> events() {
        CustomerCard card = new CustomerCard(
                "Maria Keller", "Keller Logistik GmbH", "Head of Purchasing", List.of(OFFICE), List.of(EMAIL));
        return Stream.of(
                new CustomerRegistered("cust-1001", card, "rep-anna", LifecycleStage.POTENTIAL, T0),
                new CustomerCardUpdated(
                        "cust-1001",
                        new FieldChange<>("Maria Keller", "Maria Keller-Brandt"),
                        new FieldChange<>("Keller Logistik GmbH", null),
                        null,
                        new FieldChange<>(List.of(OFFICE), List.of(OFFICE, WAREHOUSE)),
                        new FieldChange<>(List.of(EMAIL), List.of(EMAIL, MOBILE)),
                        "rep-anna",
                        T1),
                new InteractionRecorded(
                        "cust-1001",
                        "call-1",
                        Channel.PHONE,
                        Direction.INBOUND,
                        "rep-anna",
                        "Asked for a quote",
                        4,
                        new FollowUp(Instant.parse("2026-03-09T17:00:00Z"), "Send the quote"),
                        T1),
                new InteractionRecorded(
                        "cust-1001",
                        "mail-1",
                        Channel.EMAIL,
                        Direction.OUTBOUND,
                        "rep-anna",
                        "Catalogue",
                        null,
                        null,
                        T1),
                new FollowUpCompleted("cust-1001", "call-1", "rep-ben", "Quote sent", T1),
                new PurchaseRecorded(
                        "cust-1001",
                        "order-1",
                        List.of(
                                new LineItem("SF-500", "Stretch film", 3, new Money(new BigDecimal("19.99"), "EUR")),
                                new LineItem("LP-200", null, 1, new Money(new BigDecimal("249.00"), "EUR"))),
                        new Money(new BigDecimal("308.97"), "EUR"),
                        null,
                        T1),
                new ComplaintFiled(
                        "cust-1001",
                        "compl-1",
                        Channel.EMAIL,
                        "delivery",
                        ComplaintSeverity.HIGH,
                        "Delivery arrived three days late",
                        "rep-anna",
                        T1),
                new ComplaintResponded("cust-1001", "compl-1", "rep-ben", "We are sorry", true, T1),
                new ComplaintResolved("cust-1001", "compl-1", "rep-ben", "Shipping refunded", 5, T1),
                new CustomerReassigned(
                        "cust-1001",
                        "rep-anna",
                        "rep-ben",
                        ReassignmentReason.DEVELOPMENT_HANDOVER,
                        "Call before noon",
                        T1),
                new HandoverAcknowledged("cust-1001", "rep-ben", T1),
                new CustomerPersonalDataErased("cust-1001", "PIPL request #118", "admin", T1),
                new RepRegistered("rep-anna", "Anna Berg", "Key accounts", T0),
                new RepDeparted("rep-anna", "Moved to Munich office", List.of("rep-ben", "rep-dora"), T1),
                new RepDeparted("rep-carla", null, List.of("rep-ben"), T1));
    }

    @ParameterizedTest
    @MethodSource("events")
    void eventSurvivesJacksonRoundTrip(Object event) throws Exception {
        String json = mapper.writeValueAsString(event);

        Object read = mapper.readValue(json, event.getClass());

        assertThat(read).isEqualTo(event);
    }

    @Test
    void instantsAreWrittenAsIsoText() throws Exception {
        String json = mapper.writeValueAsString(new RepRegistered("rep-anna", "Anna Berg", null, T0));

        assertThat(json).contains("\"occurredAt\":\"2026-03-01T09:00:00Z\"");
    }

    @Test
    void genericAddressChangesComeBackAsAddresses() throws Exception {
        CustomerCardUpdated event = (CustomerCardUpdated) events().filter(CustomerCardUpdated.class::isInstance)
                .findFirst()
                .orElseThrow();

        CustomerCardUpdated read = mapper.readValue(mapper.writeValueAsString(event), CustomerCardUpdated.class);

        assertThat(read.addresses().newValue()).hasSize(2).allSatisfy(a -> assertThat(a)
                .isInstanceOf(Address.class));
        assertThat(read.contacts().newValue()).element(1).isInstanceOf(ContactPoint.class);
    }

    @Test
    void everyEventHasASample() {
        Set<Class<?>> eventTypes = new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("com.customertimeline.domain")
                        .stream()
                        .filter(javaClass -> javaClass.isAnnotatedWith(Revision.class))
                        .map(JavaClass::reflect)
                        .collect(Collectors.toSet());
        Set<Class<?>> sampled = events().map(Object::getClass).collect(Collectors.toSet());

        assertThat(eventTypes).isNotEmpty();
        assertThat(sampled).containsAll(eventTypes);
    }
}
