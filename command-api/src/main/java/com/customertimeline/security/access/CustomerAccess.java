package com.customertimeline.security.access;

import com.customertimeline.projections.access.AccessFacts;
import com.customertimeline.projections.web.ReadScope;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The scope rules of reps and team leads (issue 11): a rep reaches the customers they own now, a
 * manager those owned by any rep of their team (and their own). Ownership and teams are what the read
 * model knows, so a reassignment moves access with the customer and a departed rep reaches nothing.
 * Apps and auditors are not scoped by ownership; what they may do at all is decided by the URL rules
 * in {@link com.customertimeline.security.SecurityConfig}.
 */
@Component
public class CustomerAccess implements ReadScope {

    private final AccessFacts facts;

    CustomerAccess(AccessFacts facts) {
        this.facts = facts;
    }

    /** Whether a rep or manager reaches this customer (an unknown customer is reached by no one). */
    public boolean reachesCustomer(Caller caller, String customerId) {
        if (!activeRep(caller)) {
            return false;
        }
        Optional<String> owner = facts.ownerOf(customerId);
        return owner.isPresent() && reachesOwner(caller, owner.get());
    }

    /** Whether a rep or manager reaches the rep's portfolio, handovers and departure. */
    public boolean reachesRep(Caller caller, String repId) {
        return activeRep(caller) && reachesOwner(caller, repId);
    }

    /** Whether a manager may move a customer to this rep (a rep of the manager's team). */
    public boolean mayReceiveFromManager(Caller caller, String toRepId) {
        return caller.has(Role.MANAGER)
                && caller.team() != null
                && facts.teamOf(toRepId).map(caller.team()::equals).orElse(false);
    }

    private boolean reachesOwner(Caller caller, String owner) {
        if (caller.repId() != null && caller.repId().equals(owner)) {
            return true;
        }
        return caller.has(Role.MANAGER)
                && caller.team() != null
                && facts.teamOf(owner).map(caller.team()::equals).orElse(false);
    }

    private boolean activeRep(Caller caller) {
        return (caller.has(Role.REP) || caller.has(Role.MANAGER))
                && caller.repId() != null
                && !facts.hasDeparted(caller.repId());
    }

    /** Lists (search) show a rep their own customers, a manager the team's, everyone else all. */
    @Override
    public Optional<Set<String>> visibleOwners() {
        Optional<Caller> current = Caller.current();
        if (current.isEmpty()) {
            return Optional.of(Set.of());
        }
        Caller caller = current.get();
        if (caller.has(Role.AUDITOR) || caller.has(Role.APP)) {
            return Optional.empty();
        }
        Set<String> owners = new HashSet<>();
        if (!activeRep(caller)) {
            return Optional.of(owners);
        }
        owners.add(caller.repId());
        if (caller.has(Role.MANAGER) && caller.team() != null) {
            owners.addAll(facts.repsOfTeam(caller.team()));
        }
        return Optional.of(owners);
    }
}
