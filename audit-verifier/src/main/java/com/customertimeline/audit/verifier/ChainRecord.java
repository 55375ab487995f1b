package com.customertimeline.audit.verifier;

/**
 * One position of the store as a verifier reads it: a stored event with its chain link, an event
 * without one (never chained: inserted behind the service's back), or a chain link whose event is gone
 * (deleted). Both the service's online verification and the offline verifier feed these to one
 * {@link ChainChecker}, so both judge a store by the same rules. An event whose payload the service
 * replaced in place carries the signed {@link Reseal} that says so.
 */
public record ChainRecord(StoredEvent event, ChainLink link, Reseal reseal) {

    public ChainRecord {
        if (event == null && link == null) {
            throw new IllegalArgumentException("a record holds an event, a chain link or both");
        }
    }

    public ChainRecord(StoredEvent event, ChainLink link) {
        this(event, link, null);
    }

    public long position() {
        return event != null ? event.position() : link.position();
    }

    public String aggregateId() {
        return event != null ? event.aggregateId() : link.aggregateId();
    }
}
