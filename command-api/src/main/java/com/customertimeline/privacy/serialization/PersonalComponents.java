package com.customertimeline.privacy.serialization;

import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The personal texts of an event as it is stored: walks the stored JSON along the event record's
 * declared types to the strings inside its {@link PersonalData} components, the very strings
 * {@link PersonalDataModule} seals. Following the types matters: an instant or an enum inside a
 * personal component (a follow-up's due time, a contact point's type) is stored readable by design and
 * is neither plaintext to report nor a text to seal. Used on stored bytes, where deserializing would
 * open the texts it has to look at.
 */
public final class PersonalComponents {

    private static final TypeFactory TYPES = TypeFactory.defaultInstance();

    private PersonalComponents() {}

    /** Whether a stored event of {@code type} holds a personal text that is neither sealed nor erased. */
    public static boolean holdsPlaintext(Class<?> type, JsonNode payload) {
        return walk(type, payload, null);
    }

    /**
     * Replaces, in place, every personal text of a stored event of {@code type} that is neither sealed
     * nor erased by {@code sealing}'s result; returns whether there was any.
     */
    public static boolean sealPlaintext(Class<?> type, JsonNode payload, UnaryOperator<String> sealing) {
        return walk(type, payload, sealing);
    }

    /** The stored value of the event's {@link DataSubject} component: whose key seals its texts. */
    public static Optional<String> subject(Class<?> type, JsonNode payload) {
        if (!type.isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(DataSubject.class)) {
                JsonNode value = payload.get(component.getName());
                return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean walk(Class<?> type, JsonNode payload, UnaryOperator<String> sealing) {
        if (!type.isRecord() || !(payload instanceof ObjectNode object)) {
            return false;
        }
        boolean found = false;
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(PersonalData.class)) {
                found |= member(object, component.getName(), TYPES.constructType(component.getGenericType()), sealing);
            }
        }
        return found;
    }

    private static boolean member(ObjectNode parent, String name, JavaType type, UnaryOperator<String> sealing) {
        JsonNode value = parent.get(name);
        if (plaintext(value, type)) {
            if (sealing != null) {
                parent.put(name, sealing.apply(value.textValue()));
            }
            return true;
        }
        return inside(value, type, sealing);
    }

    private static boolean inside(JsonNode value, JavaType type, UnaryOperator<String> sealing) {
        boolean found = false;
        if (value == null || value.isNull()) {
            return false;
        }
        if (type.isContainerType()) {
            JavaType content = type.getContentType();
            if (value instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    JsonNode element = array.get(i);
                    if (plaintext(element, content)) {
                        if (sealing != null) {
                            array.set(i, array.textNode(sealing.apply(element.textValue())));
                        }
                        found = true;
                    } else {
                        found |= inside(element, content, sealing);
                    }
                }
            } else if (value instanceof ObjectNode map) {
                for (String key : fieldNames(map)) {
                    found |= member(map, key, content, sealing);
                }
            }
        } else if (type.getRawClass().isRecord() && value instanceof ObjectNode object) {
            for (RecordComponent component : type.getRawClass().getRecordComponents()) {
                JavaType componentType = TYPES.resolveMemberType(component.getGenericType(), type.getBindings());
                found |= member(object, component.getName(), componentType, sealing);
            }
        }
        return found;
    }

    private static boolean plaintext(JsonNode value, JavaType type) {
        return value != null
                && value.isTextual()
                && type.hasRawClass(String.class)
                && !PersonalTexts.isSealed(value.textValue())
                && !PersonalData.ERASED.equals(value.textValue());
    }

    private static List<String> fieldNames(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
