package com.customertimeline.domain.rep;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.Rules;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * A member of staff who can own customers. Reps are aggregates of their own because their lifecycle
 * (joining, departing) decides whether customers may be given to them.
 */
public class Rep {

    @AggregateIdentifier
    private String repId;

    private String displayName;
    private String team;
    private RepStatus status;
    private long version = -1;

    /** For Axon and snapshot deserialization. */
    protected Rep() {}

    /** Registers the rep; a second registration of the same id is a conflict, not an overwrite. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(RegisterRep command) {
        if (repId != null) {
            throw CommandRejectedException.conflict(
                    "rep-already-registered", "repId", "rep " + command.repId() + " is already registered");
        }
        Rules.requireId(command.repId(), "repId");
        Rules.requireText(command.displayName(), "displayName", 200);
        Rules.optionalText(command.team(), "team", 200);
        Rules.requireTime(command.occurredAt());
        apply(new RepRegistered(command.repId(), command.displayName(), command.team(), command.occurredAt()));
        return version;
    }

    /**
     * Departs the rep. Successors must be other reps who are active now; at least one is required so
     * that no customer is left without an owner.
     */
    @CommandHandler
    public long handle(DepartRep command, RepRoster roster) {
        if (status == RepStatus.DEPARTED) {
            throw CommandRejectedException.ruleViolated(
                    "rep-departed", "repId", "rep " + repId + " has already departed");
        }
        Rules.optionalText(command.reason(), "reason", 1_000);
        if (command.successorRepIds().isEmpty()) {
            throw CommandRejectedException.ruleViolated(
                    "no-successor", "successorRepIds", "name at least one successor to take over the customers");
        }
        if (command.successorRepIds().stream().distinct().count()
                != command.successorRepIds().size()) {
            throw CommandRejectedException.ruleViolated(
                    "duplicate-successor", "successorRepIds", "each successor may be named once");
        }
        for (int i = 0; i < command.successorRepIds().size(); i++) {
            String successor = command.successorRepIds().get(i);
            String field = "successorRepIds[" + i + "]";
            Rules.requireId(successor, field);
            if (successor.equals(repId)) {
                throw CommandRejectedException.ruleViolated(
                        "self-successor", field, "a departing rep cannot succeed themselves");
            }
            RepStatus successorStatus = roster.statusOf(successor).orElse(null);
            if (successorStatus == null) {
                throw CommandRejectedException.ruleViolated(
                        "unknown-rep", field, "no rep " + successor + " is registered");
            }
            if (successorStatus == RepStatus.DEPARTED) {
                throw CommandRejectedException.ruleViolated(
                        "rep-departed", field, "rep " + successor + " has departed and cannot own customers");
            }
        }
        Rules.requireTime(command.occurredAt());
        apply(new RepDeparted(repId, command.reason(), command.successorRepIds(), command.occurredAt()));
        return version;
    }

    @EventSourcingHandler
    void on(RepDeparted event, @SequenceNumber long sequence) {
        this.status = RepStatus.DEPARTED;
        this.version = sequence;
    }

    @EventSourcingHandler
    void on(RepRegistered event, @SequenceNumber long sequence) {
        this.repId = event.repId();
        this.displayName = event.displayName();
        this.team = event.team();
        this.status = RepStatus.ACTIVE;
        this.version = sequence;
    }

    public String repId() {
        return repId;
    }

    public RepStatus status() {
        return status;
    }

    public String displayName() {
        return displayName;
    }

    public String team() {
        return team;
    }

    public long version() {
        return version;
    }
}
