package com.customertimeline.security;

/**
 * Checks on whom a command names. A rep or manager records history only as themselves: the rep a
 * request names must be the caller's own rep id. Apps name the rep who did the work, and may say which
 * person they act for ({@code On-Behalf-Of}), recorded beside the app, never instead of it. An
 * administrator reaches these commands only through a bulk import of history, which names the reps who
 * did the work, as an app's records do.
 */
public final class ActingAs {

    private ActingAs() {}

    /** Refuses a rep or manager who names another rep in {@code field}. */
    public static void requireSelf(String namedRepId, String field) {
        Caller caller = Caller.require();
        if (caller.has(Role.APP) || caller.has(Role.ADMIN)) {
            return;
        }
        if (caller.repId() == null || !caller.repId().equals(namedRepId)) {
            throw new AccessRefusedException(
                    "acting-as-other", field, "you may record this only as yourself (" + caller.repId() + ")");
        }
    }
}
