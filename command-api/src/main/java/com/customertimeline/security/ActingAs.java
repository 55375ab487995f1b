package com.customertimeline.security;

/**
 * Checks on whom a command names. A rep or manager records history only as themselves: the rep a
 * request names must be the caller's own rep id. Apps name the rep who did the work, and may say which
 * person they act for ({@code On-Behalf-Of}), recorded beside the app, never instead of it. An
 * administrator importing history names the reps who did the work, as an app's records do; only while
 * the import runs ({@link #importing}), so a person who is an administrator and a rep is still held to
 * their own rep id everywhere else.
 */
public final class ActingAs {

    private static final ThreadLocal<Boolean> IMPORTING = ThreadLocal.withInitial(() -> false);

    private ActingAs() {}

    /** Runs a bulk import's lines on this thread: an administrator may name other reps in them. */
    public static <T> T importing(java.util.function.Supplier<T> lines) {
        IMPORTING.set(true);
        try {
            return lines.get();
        } finally {
            IMPORTING.remove();
        }
    }

    /** Whether the caller names reps as an app does: an app, or an administrator importing history. */
    public static boolean namesAnyRep(Caller caller) {
        return caller.has(Role.APP) || (caller.has(Role.ADMIN) && IMPORTING.get());
    }

    /** Refuses a rep or manager who names another rep in {@code field}. */
    public static void requireSelf(String namedRepId, String field) {
        Caller caller = Caller.require();
        if (namesAnyRep(caller)) {
            return;
        }
        if (caller.repId() == null || !caller.repId().equals(namedRepId)) {
            throw new AccessRefusedException(
                    "acting-as-other", field, "you may record this only as yourself (" + caller.repId() + ")");
        }
    }
}
