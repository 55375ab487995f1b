package com.customertimeline.domain.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the component (or field) holding the id of the person the {@link PersonalData} of the same event
 * or aggregate is about: the customer id. Its value picks the key the personal texts are encrypted with,
 * so erasing one customer makes only that customer's texts unreadable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface DataSubject {}
