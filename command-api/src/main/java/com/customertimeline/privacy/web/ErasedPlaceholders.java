package com.customertimeline.privacy.web;

import com.customertimeline.domain.privacy.PersonalData;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The API's answers show an erased customer's personal texts as a fixed, localised placeholder (the
 * caller's {@code Accept-Language}: English or Simplified Chinese), never as the storage marker. A
 * Jackson module bean, so Spring Boot gives it to the web mapper only; Axon's mapper never sees it.
 */
@Component
public class ErasedPlaceholders extends SimpleModule {

    /** The key of the placeholder in the workspace's messages. */
    public static final String MESSAGE = "personal-data.erased";

    private final transient MessageSource messages;

    ErasedPlaceholders(MessageSource messages) {
        super("customer-timeline-erased-placeholders");
        this.messages = messages;
        addSerializer(String.class, new Texts());
    }

    /** The placeholder in {@code locale}. */
    public String placeholder(Locale locale) {
        return messages.getMessage(MESSAGE, null, "[personal data erased]", locale);
    }

    private final class Texts extends StdSerializer<String> {
        Texts() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(
                    value.contains(PersonalData.ERASED)
                            ? value.replace(PersonalData.ERASED, placeholder(LocaleContextHolder.getLocale()))
                            : value);
        }
    }
}
