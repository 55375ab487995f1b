package com.customertimeline.projections.testsupport;

import com.customertimeline.domain.customer.ComplaintFiled;
import com.customertimeline.domain.customer.ComplaintResolved;
import com.customertimeline.domain.customer.ComplaintResponded;
import com.customertimeline.domain.customer.CustomerReassigned;
import com.customertimeline.domain.customer.CustomerRegistered;
import com.customertimeline.domain.customer.FollowUpCompleted;
import com.customertimeline.domain.customer.InteractionRecorded;
import com.customertimeline.domain.customer.PurchaseRecorded;
import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.ContactType;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.FollowUp;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.rep.RepRegistered;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Event payloads with sensible defaults, so tests state only what matters to them. */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private Samples() {}

    public static CustomerCard card(String name, String company, String email) {
        return new CustomerCard(
                name,
                company,
                "Buyer",
                List.of(new Address("office", "Main St 1", "Springfield", "12345", null, "US")),
                List.of(new ContactPoint(ContactType.EMAIL, email, "work")));
    }

    public static CustomerRegistered registered(String customerId, String name, String ownerRepId, Instant at) {
        return new CustomerRegistered(
                customerId,
                card(name, name + " Corp", name.toLowerCase().replace(' ', '.') + "@example.com"),
                ownerRepId,
                LifecycleStage.POTENTIAL,
                at);
    }

    public static RepRegistered rep(String repId, String name, Instant at) {
        return new RepRegistered(repId, name, "North", at);
    }

    public static InteractionRecorded interaction(
            String customerId, String interactionId, Channel channel, Direction direction, Instant at) {
        return new InteractionRecorded(
                customerId,
                interactionId,
                channel,
                direction,
                "rep-1",
                "Talked about " + interactionId,
                null,
                null,
                at);
    }

    public static InteractionRecorded rated(
            String customerId, String interactionId, Channel channel, int satisfaction, Instant at) {
        return new InteractionRecorded(
                customerId,
                interactionId,
                channel,
                Direction.INBOUND,
                "rep-1",
                "Rated " + satisfaction,
                satisfaction,
                null,
                at);
    }

    public static InteractionRecorded promise(
            String customerId, String interactionId, Instant dueAt, String description, Instant at) {
        return new InteractionRecorded(
                customerId,
                interactionId,
                Channel.PHONE,
                Direction.OUTBOUND,
                "rep-1",
                "Call " + interactionId,
                null,
                new FollowUp(dueAt, description),
                at);
    }

    public static FollowUpCompleted kept(String customerId, String interactionId, Instant at) {
        return new FollowUpCompleted(customerId, interactionId, "rep-1", "Sent the quote", at);
    }

    public static PurchaseRecorded purchase(
            String customerId, String orderId, String amount, String currency, Instant at) {
        Money total = new Money(new BigDecimal(amount), currency);
        return new PurchaseRecorded(
                customerId, orderId, List.of(new LineItem("SKU-1", "Widget", 1, total)), total, "rep-1", at);
    }

    public static ComplaintFiled complaint(String customerId, String complaintId, Instant at) {
        return new ComplaintFiled(
                customerId,
                complaintId,
                Channel.EMAIL,
                "billing",
                ComplaintSeverity.HIGH,
                "Charged twice for " + complaintId,
                "rep-1",
                at);
    }

    public static ComplaintResponded response(String customerId, String complaintId, boolean first, Instant at) {
        return new ComplaintResponded(customerId, complaintId, "rep-1", "We are on it", first, at);
    }

    public static ComplaintResolved resolved(String customerId, String complaintId, Integer satisfaction, Instant at) {
        return new ComplaintResolved(customerId, complaintId, "rep-1", "Refunded", satisfaction, at);
    }

    public static CustomerReassigned reassigned(String customerId, String from, String to, Instant at) {
        return new CustomerReassigned(customerId, from, to, ReassignmentReason.TEAM_CHANGE, "Call her on Mondays", at);
    }
}
