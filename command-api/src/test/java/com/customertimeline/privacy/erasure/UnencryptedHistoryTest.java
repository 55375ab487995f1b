package com.customertimeline.privacy.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.customertimeline.domain.customer.CustomerCardUpdated;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.customer.PurchaseRecorded;
import com.customertimeline.domain.privacy.PersonalData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class UnencryptedHistoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFollowUpsDueTimeIsReadableByDesignAndNotTakenForPlaintext() throws Exception {
        assertThat(
                        UnencryptedHistory.holdsPlaintext(
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
                        UnencryptedHistory.holdsPlaintext(
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
        assertThat(UnencryptedHistory.holdsPlaintext(CustomerCardUpdated.class, json(change.formatted("a@b.cn"))))
                .isTrue();
        assertThat(UnencryptedHistory.holdsPlaintext(CustomerCardUpdated.class, json(change.formatted("pd1:c1:CCCC"))))
                .isFalse();
    }

    @Test
    void erasedMarkersAndEventsWithoutPersonalDataAreNotPlaintext() throws Exception {
        ObjectNode erased = (ObjectNode) json("{\"customerId\":\"c1\",\"followUp\":null}");
        erased.put("summary", PersonalData.ERASED);
        assertThat(UnencryptedHistory.holdsPlaintext(InteractionRecorded.class, erased))
                .isFalse();
        assertThat(UnencryptedHistory.holdsPlaintext(
                        PurchaseRecorded.class, json("{\"customerId\":\"c1\",\"orderId\":\"o-1\"}")))
                .isFalse();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
