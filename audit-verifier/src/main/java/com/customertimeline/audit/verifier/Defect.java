package com.customertimeline.audit.verifier;

/**
 * One thing found wrong, with where: the stream and sequence number (null for a defect of a checkpoint
 * as a whole), the store position, and a sentence for the person reading the report.
 */
public record Defect(Kind kind, String aggregateId, Long sequence, Long position, String detail) {

    /** What was found; {@link #code()} is the stable name in reports and the API. */
    public enum Kind {
        PAYLOAD_CHANGED("payload-changed"),
        METADATA_CHANGED("metadata-changed"),
        /** a hashed column other than payload and metadata (type, time, ids) no longer matches */
        EVENT_CHANGED("event-changed"),
        EVENT_MISSING("event-missing"),
        EVENTS_REORDERED("events-reordered"),
        EVENT_INSERTED("event-inserted"),
        TAIL_TRUNCATED("tail-truncated"),
        /** the chain rows themselves disagree: a previous hash that is not the previous event's hash */
        CHAIN_BROKEN("chain-broken"),
        CHECKPOINT_MISMATCH("checkpoint-mismatch"),
        /** offline only: a line of the export that cannot be read */
        MALFORMED_EXPORT("malformed-export");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
