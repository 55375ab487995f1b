package com.customertimeline.privacy.serialization;

import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.Map;

/**
 * Lets Axon's mapper protect what core-domain marks {@link PersonalData}: on writing, every string inside
 * such a component becomes a {@link PersonalTexts sealed text} under the key of the object's
 * {@link DataSubject}; on reading, sealed texts are opened again (or read as {@link PersonalData#ERASED}).
 * Enums, numbers, times, map keys and the shape of the value stay readable, so counts, totals and
 * timings survive an erasure. Events and aggregate snapshots go through the same mapper, so neither
 * holds a plaintext.
 */
public final class PersonalDataModule extends Module {

    private static final Object SUBJECT = PersonalDataModule.class.getName() + ".subject";

    private final PersonalTexts texts;
    private volatile ObjectMapper owner;
    private volatile ObjectWriter sealing;

    public PersonalDataModule(PersonalTexts texts) {
        this.texts = texts;
    }

    @Override
    public String getModuleName() {
        return "customer-timeline-personal-data";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        owner = context.getOwner();
        context.insertAnnotationIntrospector(new Introspector());
    }

    /**
     * A writer like the owner's except that it seals every string: made on first use, when the owner is
     * fully configured.
     */
    private ObjectWriter sealing() {
        ObjectWriter writer = sealing;
        if (writer == null) {
            ObjectMapper copy = owner.copy();
            copy.registerModule(new SimpleModule("sealing-strings").addSerializer(String.class, new SealingStrings()));
            writer = copy.writer();
            sealing = writer;
        }
        return writer;
    }

    private final class Introspector extends NopAnnotationIntrospector {
        @Override
        public Object findSerializer(Annotated annotated) {
            return annotated.hasAnnotation(PersonalData.class) ? new Sealing() : null;
        }

        @Override
        public Object findDeserializer(Annotated annotated) {
            return annotated.hasAnnotation(PersonalData.class) ? new Opening(null) : null;
        }
    }

    /** Writes a personal component with every string sealed for the subject of the object it belongs to. */
    private final class Sealing extends JsonSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            String subject = Subjects.of(gen.currentValue());
            sealing().withAttribute(SUBJECT, subject).writeValue(gen, value);
        }
    }

    private final class SealingStrings extends StdSerializer<String> {
        SealingStrings() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Object subject = provider.getAttribute(SUBJECT);
            if (subject == null) {
                gen.writeString(value);
            } else {
                gen.writeString(texts.encrypt((String) subject, value));
            }
        }
    }

    /** Reads a personal component: opens every sealed text in it, then binds it to its declared type. */
    private final class Opening extends JsonDeserializer<Object> implements ContextualDeserializer {
        private final JavaType type;

        Opening(JavaType type) {
            this.type = type;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return new Opening(property != null ? property.getType() : ctxt.getContextualType());
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = ctxt.readTree(p);
            return ctxt.readTreeAsValue(open(tree), type);
        }

        private JsonNode open(JsonNode node) {
            if (node.isTextual()) {
                return TextNode.valueOf(texts.decrypt(node.textValue()));
            }
            if (node instanceof ObjectNode object) {
                Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    field.setValue(open(field.getValue()));
                }
            } else if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    array.set(i, open(array.get(i)));
                }
            }
            return node;
        }
    }

    /** Finds the {@link DataSubject} of an event or aggregate: the id whose key seals its personal data. */
    static final class Subjects {
        private static final ClassValue<Field> FIELD = new ClassValue<>() {
            @Override
            protected Field computeValue(Class<?> type) {
                for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        if (field.isAnnotationPresent(DataSubject.class) && field.getType() == String.class) {
                            field.setAccessible(true);
                            return field;
                        }
                    }
                }
                return null;
            }
        };

        private Subjects() {}

        static String of(Object owner) {
            Field field = owner == null ? null : FIELD.get(owner.getClass());
            if (field == null) {
                throw new IllegalStateException(
                        (owner == null ? "a value" : owner.getClass().getName())
                                + " has @PersonalData but no @DataSubject String naming whose it is");
            }
            try {
                String subject = (String) field.get(owner);
                if (subject == null || subject.isBlank()) {
                    throw new IllegalStateException(owner.getClass().getName() + " has personal data but no subject");
                }
                return subject;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
