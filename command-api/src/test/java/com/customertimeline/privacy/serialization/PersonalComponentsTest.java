package com.customertimeline.privacy.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.customer.PurchaseRecorded;
import com.customertimeline.domain.privacy.PersonalData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PersonalComponentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFollowUpsDueTimeIsReadableByDesignAndNotTakenForPlaintext() throws Exception {
        assertThat(
                        PersonalComponents.holdsPlaintext(
                                InteractionRecorded.class,
                                json(
                                        """
                                {"customerId":"c1","summary":"pd1:c1:AAAA",
                                 "followUp":{"dueAt":"2026-12-01T10:00:00Z","description":"pd1:c1:BBBB"}}""")))
                .isFalse();
    }

    @Test
    void aPlaintextFollowUpDescriptionIsFound() throws Exception {
        assertThat(
                        PersonalComponents.holdsPlaintext(
                                InteractionRecorded.class,
                                json(
                                        """
                                {"customerId":"c1","summary":"pd1:c1:AAAA",
                                 "followUp":{"dueAt":"2026-12-01T10:00:00Z","description":"Call Zhang back"}}""")))
                .isTrue();
    }

    @Test
    void aPlaintextContactInsideAFieldChangeIsFoundButItsTypeIsNot() throws Exception {
        String change =
                """
                {"customerId":"c1","contacts":{"oldValue":[{"type":"EMAIL","value":"%s","label":null}],"newValue":[]}}""";
        assertThat(PersonalComponents.holdsPlaintext(CustomerCardUpdated.class, json(change.formatted("a@b.cn"))))
                .isTrue();
        assertThat(PersonalComponents.holdsPlaintext(CustomerCardUpdated.class, json(change.formatted("pd1:c1:CCCC"))))
                .isFalse();
    }

    @Test
    void erasedMarkersAndEventsWithoutPersonalDataAreNotPlaintext() throws Exception {
        ObjectNode erased = (ObjectNode) json("{\"customerId\":\"c1\",\"followUp\":null}");
        erased.put("summary", PersonalData.ERASED);
        assertThat(PersonalComponents.holdsPlaintext(InteractionRecorded.class, erased))
                .isFalse();
        assertThat(PersonalComponents.holdsPlaintext(
                        PurchaseRecorded.class, json("{\"customerId\":\"c1\",\"orderId\":\"o-1\"}")))
                .isFalse();
    }

    @Test
    void sealingReplacesEveryPersonalStringAndNothingElse() throws Exception {
        JsonNode stored = json(
                """
                {"customerId":"c1","interactionId":"i-1","channel":"PHONE","summary":"Promised a desk",
                 "satisfaction":5,"followUp":{"dueAt":"2026-12-01T10:00:00Z","description":"Call back"},
                 "occurredAt":"2026-11-30T10:00:00Z"}""");

        boolean sealed =
                PersonalComponents.sealPlaintext(InteractionRecorded.class, stored, text -> "pd1:c1:" + text.length());

        assertThat(sealed).isTrue();
        assertThat(stored)
                .isEqualTo(
                        json(
                                """
                        {"customerId":"c1","interactionId":"i-1","channel":"PHONE","summary":"pd1:c1:15",
                         "satisfaction":5,"followUp":{"dueAt":"2026-12-01T10:00:00Z","description":"pd1:c1:9"},
                         "occurredAt":"2026-11-30T10:00:00Z"}"""));
        assertThat(PersonalComponents.holdsPlaintext(InteractionRecorded.class, stored))
                .isFalse();
        assertThat(PersonalComponents.subject(InteractionRecorded.class, stored))
                .contains("c1");
    }

    @Test
    void sealingFollowsGenericChangesOfContactLists() throws Exception {
        JsonNode stored = json(
                """
                {"customerId":"c1","contacts":{"oldValue":[{"type":"EMAIL","value":"a@b.cn","label":"work"}],"newValue":[]}}""");

        PersonalComponents.sealPlaintext(CustomerCardUpdated.class, stored, text -> "pd1:c1:x");

        assertThat(stored.path("contacts").path("oldValue").get(0).path("type").asText())
                .isEqualTo("EMAIL");
        assertThat(stored.path("contacts").path("oldValue").get(0).path("value").asText())
                .isEqualTo("pd1:c1:x");
        assertThat(stored.path("contacts").path("oldValue").get(0).path("label").asText())
                .isEqualTo("pd1:c1:x");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
