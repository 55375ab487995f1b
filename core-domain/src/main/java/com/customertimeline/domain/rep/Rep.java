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
