package com.customertimeline.domain.customer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.Rules;
import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.CardField;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.FieldChange;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.privacy.DataSubject;
import com.customertimeline.domain.privacy.PersonalData;
import com.customertimeline.domain.rep.RepRoster;
import com.customertimeline.domain.rep.RepStanding;
import com.customertimeline.domain.rep.RepStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * One customer's whole relationship with us. The aggregate keeps only what its rules need (the card,
 * the owner, which ids are taken, which complaints and promises are open); everything a person reads
 * is built from its events by the projections. Command handlers check, then apply; state changes only
 * in event-sourcing handlers, so replaying the events always rebuilds the same aggregate.
 *
 * <p>Every command handler returns the aggregate's version (the sequence number of its last event), so
 * a caller can wait until a projection has caught up with its own write.
 */
public class Customer {

    /** Where a complaint stands; the aggregate needs no more to accept or reject responses. */
    enum ComplaintState {
        AWAITING_FIRST_RESPONSE,
        RESPONDED,
        RESOLVED
    }

    @AggregateIdentifier
    @DataSubject
    private String customerId;

    @PersonalData
    private CustomerCard card;

    private String ownerRepId;
    private final Set<String> interactionIds = new HashSet<>();
    private final Set<String> openFollowUps = new HashSet<>();
    private final Set<String> orderIds = new HashSet<>();
    private final Map<String, ComplaintState> complaints = new HashMap<>();
    /** When each complaint was filed and each open promise made: nothing answers them before that. */
    private final Map<String, Instant> complaintFiledAt = new HashMap<>();

    private final Map<String, Instant> promisedAt = new HashMap<>();
    private boolean handoverPending;
    private boolean erased;
    private Instant registeredAt;
    private long version = -1;

    /** For Axon and snapshot deserialization. */
    protected Customer() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(RegisterCustomer command, RepRoster roster) {
        if (customerId != null) {
            throw CommandRejectedException.conflict(
                    "customer-already-registered",
                    "customerId",
                    "customer " + command.customerId() + " is already registered");
        }
        Rules.requireId(command.customerId(), "customerId");
        requireCard(command.card());
        requireActiveRep(roster, command.ownerRepId(), "ownerRepId");
        Rules.requireTime(command.occurredAt());
        LifecycleStage stage = command.stage() == null ? LifecycleStage.POTENTIAL : command.stage();
        apply(new CustomerRegistered(
                command.customerId(), command.card(), command.ownerRepId(), stage, command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(UpdateCustomerCard command, RepRoster roster) {
        requireNotErased();
        requireWithinHistory(command.occurredAt(), command.imported());
        Rules.optionalText(command.updatedByRepId(), "updatedByRepId", 64);
        Set<CardField> cleared = command.cleared();
        if (cleared.contains(CardField.NAME)) {
            throw CommandRejectedException.ruleViolated("name-required", "name", "a customer's name cannot be cleared");
        }
        String name = command.name() == null ? card.name() : command.name();
        String company = cleared.contains(CardField.COMPANY) ? null : pick(command.company(), card.company());
        String position = cleared.contains(CardField.POSITION) ? null : pick(command.position(), card.position());
        List<Address> addresses =
                cleared.contains(CardField.ADDRESSES) ? List.of() : pick(command.addresses(), card.addresses());
        List<ContactPoint> contacts =
                cleared.contains(CardField.CONTACTS) ? List.of() : pick(command.contacts(), card.contacts());
        CustomerCard updated = new CustomerCard(name, company, position, addresses, contacts);
        requireCard(updated);

        FieldChange<String> nameChange = change(card.name(), updated.name());
        FieldChange<String> companyChange = change(card.company(), updated.company());
        FieldChange<String> positionChange = change(card.position(), updated.position());
        FieldChange<List<Address>> addressChange = change(card.addresses(), updated.addresses());
        FieldChange<List<ContactPoint>> contactChange = change(card.contacts(), updated.contacts());
        if (nameChange == null
                && companyChange == null
                && positionChange == null
                && addressChange == null
                && contactChange == null) {
            return version; // nothing changed, nothing to record
        }
        if (command.updatedByRepId() != null) {
            requireActingRep(roster, command.updatedByRepId(), "updatedByRepId", command.occurredAt());
        }
        apply(new CustomerCardUpdated(
                customerId,
                nameChange,
                companyChange,
                positionChange,
                addressChange,
                contactChange,
                command.updatedByRepId(),
                command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(RecordInteraction command, RepRoster roster) {
        requireNotErased();
        Rules.requireId(command.interactionId(), "interactionId");
        if (interactionIds.contains(command.interactionId())) {
            throw CommandRejectedException.conflict(
                    "duplicate-interaction",
                    "interactionId",
                    "interaction " + command.interactionId() + " is already recorded");
        }
        requirePresent(command.channel(), "channel");
        requirePresent(command.direction(), "direction");
        Rules.requireId(command.repId(), "repId");
        Rules.requireText(command.summary(), "summary", Rules.MAX_TEXT);
        Rules.optionalSatisfaction(command.satisfaction());
        if (command.followUp() != null) {
            requirePresent(command.followUp().dueAt(), "followUp.dueAt");
            Rules.requireText(command.followUp().description(), "followUp.description", 1_000);
            Rules.requireNotTooEarly(command.followUp().dueAt(), "followUp.dueAt");
        }
        requireWithinHistory(command.occurredAt(), command.imported());
        requireActingRep(roster, command.repId(), "repId", command.occurredAt());
        apply(new InteractionRecorded(
                customerId,
                command.interactionId(),
                command.channel(),
                command.direction(),
                command.repId(),
                command.summary(),
                command.satisfaction(),
                command.followUp(),
                command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(CompleteFollowUp command, RepRoster roster) {
        requireNotErased();
        if (!interactionIds.contains(command.interactionId())) {
            throw CommandRejectedException.notFound(
                    "unknown-interaction", "interactionId", "no interaction " + command.interactionId());
        }
        if (!openFollowUps.contains(command.interactionId())) {
            throw CommandRejectedException.ruleViolated(
                    "no-open-follow-up",
                    "interactionId",
                    "interaction " + command.interactionId() + " has no open follow-up");
        }
        Rules.requireId(command.repId(), "repId");
        Rules.optionalText(command.note(), "note", Rules.MAX_TEXT);
        requireWithinHistory(command.occurredAt(), command.imported());
        requireNotBefore(
                promisedAt.get(command.interactionId()),
                command.occurredAt(),
                "before-promise",
                "the promise was made");
        requireActingRep(roster, command.repId(), "repId", command.occurredAt());
        apply(new FollowUpCompleted(
                customerId, command.interactionId(), command.repId(), command.note(), command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(RecordPurchase command, RepRoster roster) {
        requireNotErased();
        Rules.requireId(command.orderId(), "orderId");
        if (orderIds.contains(command.orderId())) {
            throw CommandRejectedException.conflict(
                    "duplicate-order", "orderId", "order " + command.orderId() + " is already recorded");
        }
        if (command.lineItems().isEmpty()) {
            throw CommandRejectedException.ruleViolated(
                    "no-line-items", "lineItems", "a purchase needs at least one line item");
        }
        Money sum = null;
        for (int i = 0; i < command.lineItems().size(); i++) {
            LineItem item = command.lineItems().get(i);
            String field = "lineItems[" + i + "]";
            Rules.requireText(item.sku(), field + ".sku", 64);
            if (item.quantity() <= 0) {
                throw CommandRejectedException.ruleViolated(
                        "quantity-not-positive", field + ".quantity", "quantity must be positive");
            }
            requireMoney(item.unitPrice(), field + ".unitPrice");
            Money line = item.unitPrice().times(item.quantity());
            if (sum != null && !sum.currency().equals(line.currency())) {
                throw CommandRejectedException.ruleViolated(
                        "mixed-currencies", field + ".unitPrice.currency", "all line items must share one currency");
            }
            sum = sum == null ? line : sum.add(line);
        }
        if (sum.amount().compareTo(Rules.MAX_AMOUNT) > 0) {
            throw CommandRejectedException.ruleViolated(
                    "amount-too-large",
                    "lineItems",
                    "the line items add up to more than " + Rules.MAX_AMOUNT.toPlainString() + " " + sum.currency());
        }
        Money total = command.total() == null ? sum : command.total();
        requireMoney(total, "total");
        if (!total.currency().equals(sum.currency())) {
            throw CommandRejectedException.ruleViolated(
                    "mixed-currencies", "total.currency", "the total must be in the line items' currency");
        }
        Rules.optionalText(command.repId(), "repId", 64);
        requireWithinHistory(command.occurredAt(), command.imported());
        if (command.repId() != null) {
            requireActingRep(roster, command.repId(), "repId", command.occurredAt());
        }
        apply(new PurchaseRecorded(
                customerId, command.orderId(), command.lineItems(), total, command.repId(), command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(FileComplaint command, RepRoster roster) {
        requireNotErased();
        Rules.requireId(command.complaintId(), "complaintId");
        if (complaints.containsKey(command.complaintId())) {
            throw CommandRejectedException.conflict(
                    "duplicate-complaint", "complaintId", "complaint " + command.complaintId() + " is already filed");
        }
        requirePresent(command.channel(), "channel");
        Rules.requireText(command.category(), "category", 100);
        requirePresent(command.severity(), "severity");
        Rules.requireText(command.description(), "description", Rules.MAX_TEXT);
        Rules.optionalText(command.repId(), "repId", 64);
        requireWithinHistory(command.occurredAt(), command.imported());
        if (command.repId() != null) {
            requireActingRep(roster, command.repId(), "repId", command.occurredAt());
        }
        apply(new ComplaintFiled(
                customerId,
                command.complaintId(),
                command.channel(),
                command.category(),
                command.severity(),
                command.description(),
                command.repId(),
                command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(RespondToComplaint command, RepRoster roster) {
        requireNotErased();
        ComplaintState state = openComplaint(command.complaintId());
        Rules.requireId(command.repId(), "repId");
        Rules.requireText(command.message(), "message", Rules.MAX_TEXT);
        requireWithinHistory(command.occurredAt(), command.imported());
        requireNotBefore(
                complaintFiledAt.get(command.complaintId()),
                command.occurredAt(),
                "before-complaint",
                "the complaint was filed");
        requireActingRep(roster, command.repId(), "repId", command.occurredAt());
        apply(new ComplaintResponded(
                customerId,
                command.complaintId(),
                command.repId(),
                command.message(),
                state == ComplaintState.AWAITING_FIRST_RESPONSE,
                command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(ResolveComplaint command, RepRoster roster) {
        requireNotErased();
        openComplaint(command.complaintId());
        Rules.requireId(command.repId(), "repId");
        Rules.requireText(command.resolution(), "resolution", Rules.MAX_TEXT);
        Rules.optionalSatisfaction(command.satisfaction());
        requireWithinHistory(command.occurredAt(), command.imported());
        requireNotBefore(
                complaintFiledAt.get(command.complaintId()),
                command.occurredAt(),
                "before-complaint",
                "the complaint was filed");
        requireActingRep(roster, command.repId(), "repId", command.occurredAt());
        apply(new ComplaintResolved(
                customerId,
                command.complaintId(),
                command.repId(),
                command.resolution(),
                command.satisfaction(),
                command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(ReassignCustomer command, RepRoster roster) {
        requireNotErased();
        Rules.requireId(command.toRepId(), "toRepId");
        if (command.toRepId().equals(ownerRepId)) {
            throw CommandRejectedException.ruleViolated(
                    "already-owner", "toRepId", "rep " + command.toRepId() + " already owns this customer");
        }
        requireActiveRep(roster, command.toRepId(), "toRepId");
        requirePresent(command.reason(), "reason");
        Rules.optionalText(command.handoverNote(), "handoverNote", Rules.MAX_TEXT);
        requireWithinHistory(command.occurredAt(), command.imported());
        apply(new CustomerReassigned(
                customerId,
                ownerRepId,
                command.toRepId(),
                command.reason(),
                command.handoverNote(),
                command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(HandOverFromDepartedRep command, RepRoster roster) {
        Rules.requireId(command.departedRepId(), "departedRepId");
        if (!command.departedRepId().equals(ownerRepId)) {
            return version; // already moved away from the departed rep: nothing left to do
        }
        if (roster.statusOf(command.departedRepId()).orElse(null) != RepStatus.DEPARTED) {
            throw CommandRejectedException.ruleViolated(
                    "rep-not-departed",
                    "departedRepId",
                    "rep " + command.departedRepId() + " has not departed; use a reassignment instead");
        }
        requireActiveRep(roster, command.toRepId(), "toRepId");
        Rules.optionalText(command.handoverNote(), "handoverNote", Rules.MAX_TEXT);
        Rules.requireTime(command.occurredAt());
        // an erased customer still needs an owner when theirs leaves; the note would be new text about
        // them, so it is left out
        apply(new CustomerReassigned(
                customerId,
                ownerRepId,
                command.toRepId(),
                ReassignmentReason.REP_DEPARTED,
                erased ? null : command.handoverNote(),
                command.occurredAt()));
        return version;
    }

    /**
     * Erasure is idempotent: a customer already erased stays as they are and nothing new is recorded, so
     * a repeated request (or a retry after a lost answer) is harmless.
     */
    @CommandHandler
    public long handle(EraseCustomerPersonalData command) {
        if (erased) {
            return version;
        }
        Rules.requireTime(command.occurredAt());
        Rules.requireText(command.reason(), "reason", Rules.MAX_TEXT);
        apply(new CustomerPersonalDataErased(customerId, command.reason(), command.erasedBy(), command.occurredAt()));
        return version;
    }

    @EventSourcingHandler
    void on(CustomerPersonalDataErased event, @SequenceNumber long sequence) {
        erased = true;
        card = null;
        version = sequence;
    }

    @CommandHandler
    public long handle(AcknowledgeHandover command, RepRoster roster) {
        requireNotErased();
        Rules.requireId(command.repId(), "repId");
        if (!command.repId().equals(ownerRepId)) {
            throw CommandRejectedException.ruleViolated(
                    "not-owner", "repId", "only the current owner can acknowledge the handover");
        }
        if (!handoverPending) {
            throw CommandRejectedException.ruleViolated(
                    "no-pending-handover", "repId", "there is no unacknowledged handover for this customer");
        }
        requireWithinHistory(command.occurredAt(), command.imported());
        requireActingRep(roster, command.repId(), "repId", command.occurredAt());
        apply(new HandoverAcknowledged(customerId, command.repId(), command.occurredAt()));
        return version;
    }

    @EventSourcingHandler
    void on(HandoverAcknowledged event, @SequenceNumber long sequence) {
        handoverPending = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(CustomerRegistered event, @SequenceNumber long sequence) {
        customerId = event.customerId();
        card = event.card();
        ownerRepId = event.ownerRepId();
        registeredAt = event.occurredAt();
        version = sequence;
    }

    @EventSourcingHandler
    void on(CustomerCardUpdated event, @SequenceNumber long sequence) {
        card = new CustomerCard(
                event.name() == null ? card.name() : event.name().newValue(),
                event.company() == null ? card.company() : event.company().newValue(),
                event.position() == null ? card.position() : event.position().newValue(),
                event.addresses() == null ? card.addresses() : event.addresses().newValue(),
                event.contacts() == null ? card.contacts() : event.contacts().newValue());
        version = sequence;
    }

    @EventSourcingHandler
    void on(InteractionRecorded event, @SequenceNumber long sequence) {
        interactionIds.add(event.interactionId());
        if (event.followUp() != null) {
            openFollowUps.add(event.interactionId());
            promisedAt.put(event.interactionId(), event.occurredAt());
        }
        version = sequence;
    }

    @EventSourcingHandler
    void on(FollowUpCompleted event, @SequenceNumber long sequence) {
        openFollowUps.remove(event.interactionId());
        promisedAt.remove(event.interactionId());
        version = sequence;
    }

    @EventSourcingHandler
    void on(PurchaseRecorded event, @SequenceNumber long sequence) {
        orderIds.add(event.orderId());
        version = sequence;
    }

    @EventSourcingHandler
    void on(ComplaintFiled event, @SequenceNumber long sequence) {
        complaints.put(event.complaintId(), ComplaintState.AWAITING_FIRST_RESPONSE);
        complaintFiledAt.put(event.complaintId(), event.occurredAt());
        version = sequence;
    }

    @EventSourcingHandler
    void on(ComplaintResponded event, @SequenceNumber long sequence) {
        complaints.put(event.complaintId(), ComplaintState.RESPONDED);
        version = sequence;
    }

    @EventSourcingHandler
    void on(ComplaintResolved event, @SequenceNumber long sequence) {
        complaints.put(event.complaintId(), ComplaintState.RESOLVED);
        version = sequence;
    }

    @EventSourcingHandler
    void on(CustomerReassigned event, @SequenceNumber long sequence) {
        ownerRepId = event.toRepId();
        handoverPending = true;
        version = sequence;
    }

    public String customerId() {
        return customerId;
    }

    public String ownerRepId() {
        return ownerRepId;
    }

    public CustomerCard card() {
        return card;
    }

    public long version() {
        return version;
    }

    private void requireNotErased() {
        if (erased) {
            throw CommandRejectedException.ruleViolated(
                    "customer-erased",
                    "customerId",
                    "customer " + customerId + " was erased on request; nothing more is recorded about them");
        }
    }

    /** Whether the customer's personal data was erased. */
    public boolean erased() {
        return erased;
    }

    private ComplaintState openComplaint(String complaintId) {
        ComplaintState state = complaintId == null ? null : complaints.get(complaintId);
        if (state == null) {
            throw CommandRejectedException.notFound(
                    "unknown-complaint", "complaintId", "no complaint " + complaintId + " for this customer");
        }
        if (state == ComplaintState.RESOLVED) {
            throw CommandRejectedException.ruleViolated(
                    "complaint-resolved", "complaintId", "complaint " + complaintId + " is already resolved");
        }
        return state;
    }

    private static void requireActiveRep(RepRoster roster, String repId, String field) {
        Rules.requireId(repId, field);
        RepStatus status = roster.statusOf(repId).orElse(null);
        if (status == null) {
            throw CommandRejectedException.ruleViolated("unknown-rep", field, "no rep " + repId + " is registered");
        }
        if (status == RepStatus.DEPARTED) {
            throw CommandRejectedException.ruleViolated(
                    "rep-departed", field, "rep " + repId + " has departed and cannot own customers");
        }
    }

    /**
     * A rep named as acting for the customer must be registered and must not have departed by the time
     * it acted. Checked last: it is the one check that reads the rep.
     */
    private static void requireActingRep(RepRoster roster, String repId, String field, Instant at) {
        Rules.requireId(repId, field);
        RepStanding standing = roster.standingOf(repId).orElse(null);
        if (standing == null) {
            throw CommandRejectedException.ruleViolated("unknown-rep", field, "no rep " + repId + " is registered");
        }
        if (!standing.activeAt(at)) {
            throw CommandRejectedException.ruleViolated(
                    "rep-departed",
                    field,
                    "rep " + repId + " has departed"
                            + (standing.departedAt() == null ? "" : " (" + standing.departedAt() + ")")
                            + " and cannot act for customers after that");
        }
    }

    /**
     * Business time within the customer's history: not before 1900, and not before the registration
     * unless the caller says it imports older history. Snapshots taken before {@code registeredAt} was
     * kept have none; those customers are not checked against it.
     */
    private void requireWithinHistory(Instant occurredAt, boolean imported) {
        Rules.requireTime(occurredAt);
        if (!imported && registeredAt != null && occurredAt.isBefore(registeredAt)) {
            throw CommandRejectedException.ruleViolated(
                    "before-registration",
                    "occurredAt",
                    "occurredAt " + occurredAt + " lies before the customer's registration (" + registeredAt
                            + "); send \"imported\": true to record older history");
        }
    }

    /**
     * An answer cannot precede what it answers, imported or not. Unknown (a snapshot from before these
     * times were kept) is not checked.
     */
    private static void requireNotBefore(Instant earliest, Instant occurredAt, String code, String what) {
        if (earliest != null && occurredAt.isBefore(earliest)) {
            throw CommandRejectedException.ruleViolated(
                    code, "occurredAt", "occurredAt " + occurredAt + " lies before " + what + " (" + earliest + ")");
        }
    }

    private static void requireCard(CustomerCard card) {
        if (card == null) {
            throw CommandRejectedException.ruleViolated("missing-value", "card", "a customer card is required");
        }
        Rules.requireText(card.name(), "card.name", 200);
        Rules.optionalText(card.company(), "card.company", 200);
        Rules.optionalText(card.position(), "card.position", 200);
        for (int i = 0; i < card.contacts().size(); i++) {
            ContactPoint contact = card.contacts().get(i);
            requirePresent(contact.type(), "card.contacts[" + i + "].type");
            Rules.requireText(contact.value(), "card.contacts[" + i + "].value", 320);
        }
    }

    private static void requireMoney(Money money, String field) {
        if (money == null || money.amount() == null) {
            throw CommandRejectedException.ruleViolated("missing-value", field, field + " must be given");
        }
        if (money.amount().compareTo(BigDecimal.ZERO) < 0) {
            throw CommandRejectedException.ruleViolated("negative-amount", field, field + " must not be negative");
        }
        if (money.amount().compareTo(Rules.MAX_AMOUNT) > 0
                || money.amount().stripTrailingZeros().scale() > Rules.MAX_AMOUNT_SCALE) {
            throw CommandRejectedException.ruleViolated(
                    "amount-out-of-range",
                    field + ".amount",
                    field + " must be at most " + Rules.MAX_AMOUNT.toPlainString() + " with at most "
                            + Rules.MAX_AMOUNT_SCALE + " decimals");
        }
        try {
            Currency.getInstance(money.currency() == null ? "" : money.currency());
        } catch (IllegalArgumentException e) {
            throw CommandRejectedException.ruleViolated(
                    "unknown-currency", field + ".currency", "currency must be an ISO-4217 code");
        }
    }

    private static void requirePresent(Object value, String field) {
        if (value == null) {
            throw CommandRejectedException.ruleViolated("missing-value", field, field + " must be given");
        }
    }

    private static <T> T pick(T proposed, T current) {
        return proposed == null ? current : proposed;
    }

    private static <T> FieldChange<T> change(T before, T after) {
        return Objects.equals(before, after) ? null : new FieldChange<>(before, after);
    }
}
