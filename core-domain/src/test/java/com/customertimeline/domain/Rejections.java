package com.customertimeline.domain;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Hamcrest matcher for the kind, code and field of a {@link CommandRejectedException}. */
public final class Rejections {

    private Rejections() {}

    public static Matcher<CommandRejectedException> rejected(
            CommandRejectedException.Kind kind, String code, String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandRejectedException exception) {
                return exception.kind() == kind && code.equals(exception.code()) && field.equals(exception.field());
            }

            @Override
            public void describeTo(Description description) {
                description
                        .appendText("a CommandRejectedException with kind ")
                        .appendValue(kind)
                        .appendText(", code ")
                        .appendValue(code)
                        .appendText(" and field ")
                        .appendValue(field);
            }

            @Override
            protected void describeMismatchSafely(CommandRejectedException exception, Description description) {
                description
                        .appendText("was kind ")
                        .appendValue(exception.kind())
                        .appendText(", code ")
                        .appendValue(exception.code())
                        .appendText(", field ")
                        .appendValue(exception.field());
            }
        };
    }
}
