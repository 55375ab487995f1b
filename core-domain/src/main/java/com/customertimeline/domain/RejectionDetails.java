package com.customertimeline.domain;

/**
 * Serializable description of a {@link CommandRejectedException}. Axon Server only carries exception
 * details, not exception types, from the handling node back to the sender; this record is that detail.
 */
public record RejectionDetails(CommandRejectedException.Kind kind, String code, String field, String message) {

    public CommandRejectedException toException() {
        return new CommandRejectedException(kind, code, field, message);
    }
}
