package com.customertimeline.domain.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an event (or a field of an aggregate) whose text is about a person: every
 * {@code String} inside it, however deeply nested, is personal data. Structure, times, enums, numbers
 * and whether a value is present stay readable; only the texts are encrypted with the data subject's own
 * key when stored (see {@link DataSubject}) and read back as {@link #ERASED} once that key is destroyed.
 *
 * <p>The domain only says <em>what</em> is personal; how it is protected is the storage layer's business,
 * so core-domain stays free of cryptography (ADR 0017).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {

    /**
     * What every personal text reads as after its subject's data was erased. Views show a localised
     * placeholder in its place; it is chosen so that nobody types it (a private-use character first).
     */
    String ERASED = "\uE000erased";
}
