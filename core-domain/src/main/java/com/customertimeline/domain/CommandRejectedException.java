package com.customertimeline.domain;

/**
 * A command broke a business rule. Aggregates throw it from command handlers before anything is
 * applied, so a rejected command never leaves a partial write. {@link Kind} tells the API which HTTP
 * status fits and {@code field} names the offending input, so callers learn exactly what to fix.
 */
public class CommandRejectedException extends RuntimeException {

    /** The family of rejection, independent of transport. */
    public enum Kind {
        /** Something the command refers to does not exist (e.g. a complaint id). */
        NOT_FOUND,
        /** The command clashes with what exists (e.g. an id already used). */
        CONFLICT,
        /** The command is well-formed but a rule forbids it. */
        RULE_VIOLATED
    }

    private final Kind kind;
    private final String code;
    private final String field;

    public CommandRejectedException(Kind kind, String code, String field, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static CommandRejectedException notFound(String code, String field, String message) {
        return new CommandRejectedException(Kind.NOT_FOUND, code, field, message);
    }

    public static CommandRejectedException conflict(String code, String field, String message) {
        return new CommandRejectedException(Kind.CONFLICT, code, field, message);
    }

    public static CommandRejectedException ruleViolated(String code, String field, String message) {
        return new CommandRejectedException(Kind.RULE_VIOLATED, code, field, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** The serializable form, carried as command-execution details when commands cross a network. */
    public RejectionDetails details() {
        return new RejectionDetails(kind, code, field, getMessage());
    }
}
