package com.customertimeline.api;

import com.customertimeline.api.Requests.AddressRequest;
import com.customertimeline.api.Requests.CardPatchRequest;
import com.customertimeline.api.Requests.CardRequest;
import com.customertimeline.api.Requests.CompleteFollowUpRequest;
import com.customertimeline.api.Requests.ContactRequest;
import com.customertimeline.api.Requests.FileComplaintRequest;
import com.customertimeline.api.Requests.MoneyRequest;
import com.customertimeline.api.Requests.ReassignCustomerRequest;
import com.customertimeline.api.Requests.RecordInteractionRequest;
import com.customertimeline.api.Requests.RecordPurchaseRequest;
import com.customertimeline.api.Requests.RegisterCustomerRequest;
import com.customertimeline.api.Requests.ResolveComplaintRequest;
import com.customertimeline.api.Requests.RespondToComplaintRequest;
import com.customertimeline.api.idempotency.IdempotentExecutor;
import com.customertimeline.api.idempotency.IdempotentExecutor.Outcome;
import com.customertimeline.domain.customer.CompleteFollowUp;
import com.customertimeline.domain.customer.FileComplaint;
import com.customertimeline.domain.customer.ReassignCustomer;
import com.customertimeline.domain.customer.RecordInteraction;
import com.customertimeline.domain.customer.RecordPurchase;
import com.customertimeline.domain.customer.RegisterCustomer;
import com.customertimeline.domain.customer.ResolveComplaint;
import com.customertimeline.domain.customer.RespondToComplaint;
import com.customertimeline.domain.customer.UpdateCustomerCard;
import com.customertimeline.domain.model.Address;
import com.customertimeline.domain.model.CardField;
import com.customertimeline.domain.model.ContactPoint;
import com.customertimeline.domain.model.CustomerCard;
import com.customertimeline.domain.model.FollowUp;
import com.customertimeline.domain.model.LineItem;
import com.customertimeline.domain.model.Money;
import com.customertimeline.security.ActingAs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The write side for internal apps (web shop, call centre, billing, ticketing): everything that
 * happens to a customer comes in here as a command. Each call returns only after the resulting event
 * is durably stored, with the aggregate's new version.
 */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers (commands)")
public class CustomerCommandController {

    private static final String KEY = "Idempotency-Key";
    private static final Map<String, CardField> PATCHABLE = Map.of(
            "name", CardField.NAME,
            "company", CardField.COMPANY,
            "position", CardField.POSITION,
            "addresses", CardField.ADDRESSES,
            "contacts", CardField.CONTACTS);

    private final CommandSupport commands;
    private final IdempotentExecutor idempotent;
    private final ObjectMapper json;
    private final Validator validator;

    CustomerCommandController(
            CommandSupport commands, IdempotentExecutor idempotent, ObjectMapper json, Validator validator) {
        this.commands = commands;
        this.idempotent = idempotent;
        this.json = json;
        this.validator = validator;
    }

    @PostMapping
    @Operation(summary = "Register a customer (opens the customer's history)")
    public ResponseEntity<Object> register(
            @Valid @RequestBody RegisterCustomerRequest request,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        return idempotent.execute(key, "POST", "/api/v1/customers", request, () -> {
            String customerId = CommandSupport.idOrNew(request.customerId(), key, "customer");
            long version = commands.sendRegistration(
                    new RegisterCustomer(
                            customerId,
                            card(request.card()),
                            request.ownerRepId(),
                            request.stage(),
                            commands.businessTime(request.occurredAt())),
                    "customerId",
                    customerId,
                    onBehalfOf,
                    key);
            return new Outcome(
                    201, URI.create("/api/v1/customers/" + customerId), CommandAccepted.customer(customerId, version));
        });
    }

    @PatchMapping(
            path = "/{customerId}/card",
            consumes = {"application/merge-patch+json", "application/json"})
    @Operation(
            summary = "Change the customer card (JSON merge patch: absent = keep, null = clear)",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            schema =
                                                    @io.swagger.v3.oas.annotations.media.Schema(
                                                            implementation = CardPatchRequest.class))))
    public ResponseEntity<Object> updateCard(
            @PathVariable String customerId,
            @RequestBody ObjectNode patch,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        CardPatchRequest request = readPatch(patch);
        Set<CardField> cleared = EnumSet.noneOf(CardField.class);
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull() && PATCHABLE.containsKey(field.getKey())) {
                cleared.add(PATCHABLE.get(field.getKey()));
            }
        });
        String path = "/api/v1/customers/" + customerId + "/card";
        return idempotent.execute(key, "PATCH", path, patch, () -> {
            long version = commands.send(
                    new UpdateCustomerCard(
                            customerId,
                            request.name(),
                            request.company(),
                            request.position(),
                            request.addresses() == null ? null : addresses(request.addresses()),
                            request.contacts() == null ? null : contacts(request.contacts()),
                            cleared,
                            request.updatedByRepId(),
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(200, null, CommandAccepted.customer(customerId, version));
        });
    }

    @PostMapping("/{customerId}/interactions")
    @Operation(summary = "Record an interaction on any channel, optionally with a promise (follow-up)")
    public ResponseEntity<Object> recordInteraction(
            @PathVariable String customerId,
            @Valid @RequestBody RecordInteractionRequest request,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        ActingAs.requireSelf(request.repId(), "repId");
        String path = "/api/v1/customers/" + customerId + "/interactions";
        return idempotent.execute(key, "POST", path, request, () -> {
            String interactionId = CommandSupport.idOrNew(request.interactionId(), key, path);
            FollowUp followUp = request.followUp() == null
                    ? null
                    : new FollowUp(
                            request.followUp().dueAt(), request.followUp().description());
            long version = commands.send(
                    new RecordInteraction(
                            customerId,
                            interactionId,
                            request.channel(),
                            request.direction(),
                            request.repId(),
                            request.summary(),
                            request.satisfaction(),
                            followUp,
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(
                    201,
                    URI.create(path + "/" + interactionId),
                    CommandAccepted.customer(customerId, version).withInteraction(interactionId));
        });
    }

    @PostMapping("/{customerId}/follow-ups/{interactionId}/completion")
    @Operation(summary = "Mark the promise made in an interaction as kept")
    public ResponseEntity<Object> completeFollowUp(
            @PathVariable String customerId,
            @PathVariable String interactionId,
            @Valid @RequestBody CompleteFollowUpRequest request,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        ActingAs.requireSelf(request.repId(), "repId");
        CommandSupport.requirePathId(interactionId, "interactionId");
        String path = "/api/v1/customers/" + customerId + "/follow-ups/" + interactionId + "/completion";
        return idempotent.execute(key, "POST", path, request, () -> {
            long version = commands.send(
                    new CompleteFollowUp(
                            customerId,
                            interactionId,
                            request.repId(),
                            request.note(),
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(
                    200, null, CommandAccepted.customer(customerId, version).withInteraction(interactionId));
        });
    }

    @PostMapping("/{customerId}/purchases")
    @Operation(summary = "Record a purchase (order id unique per customer; decimal amounts, ISO-4217)")
    public ResponseEntity<Object> recordPurchase(
            @PathVariable String customerId,
            @Valid @RequestBody RecordPurchaseRequest request,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        String path = "/api/v1/customers/" + customerId + "/purchases";
        return idempotent.execute(key, "POST", path, request, () -> {
            String orderId = CommandSupport.idOrNew(request.orderId(), key, path);
            List<LineItem> items = request.lineItems().stream()
                    .map(item -> new LineItem(item.sku(), item.description(), item.quantity(), money(item.unitPrice())))
                    .toList();
            long version = commands.send(
                    new RecordPurchase(
                            customerId,
                            orderId,
                            items,
                            request.total() == null ? null : money(request.total()),
                            request.repId(),
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(
                    201,
                    URI.create(path + "/" + orderId),
                    CommandAccepted.customer(customerId, version).withOrder(orderId));
        });
    }

    @PostMapping("/{customerId}/complaints")
    @Operation(summary = "File a complaint (starts the 24-hour first-response clock)")
    public ResponseEntity<Object> fileComplaint(
            @PathVariable String customerId,
            @Valid @RequestBody FileComplaintRequest request,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        String path = "/api/v1/customers/" + customerId + "/complaints";
        return idempotent.execute(key, "POST", path, request, () -> {
            String complaintId = CommandSupport.idOrNew(request.complaintId(), key, path);
            long version = commands.send(
                    new FileComplaint(
                            customerId,
                            complaintId,
                            request.channel(),
                            request.category(),
                            request.severity(),
                            request.description(),
                            request.repId(),
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(
                    201,
                    URI.create(path + "/" + complaintId),
                    CommandAccepted.customer(customerId, version).withComplaint(complaintId));
        });
    }

    @PostMapping("/{customerId}/complaints/{complaintId}/responses")
    @Operation(summary = "Respond to an open complaint")
    public ResponseEntity<Object> respondToComplaint(
            @PathVariable String customerId,
            @PathVariable String complaintId,
            @Valid @RequestBody RespondToComplaintRequest request,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        ActingAs.requireSelf(request.repId(), "repId");
        CommandSupport.requirePathId(complaintId, "complaintId");
        String path = "/api/v1/customers/" + customerId + "/complaints/" + complaintId + "/responses";
        return idempotent.execute(key, "POST", path, request, () -> {
            long version = commands.send(
                    new RespondToComplaint(
                            customerId,
                            complaintId,
                            request.repId(),
                            request.message(),
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(
                    201, null, CommandAccepted.customer(customerId, version).withComplaint(complaintId));
        });
    }

    @PostMapping("/{customerId}/complaints/{complaintId}/resolution")
    @Operation(summary = "Resolve an open complaint, with the outcome told to the customer")
    public ResponseEntity<Object> resolveComplaint(
            @PathVariable String customerId,
            @PathVariable String complaintId,
            @Valid @RequestBody ResolveComplaintRequest request,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        CommandSupport.requirePathId(complaintId, "complaintId");
        ActingAs.requireSelf(request.repId(), "repId");
        String path = "/api/v1/customers/" + customerId + "/complaints/" + complaintId + "/resolution";
        return idempotent.execute(key, "POST", path, request, () -> {
            long version = commands.send(
                    new ResolveComplaint(
                            customerId,
                            complaintId,
                            request.repId(),
                            request.resolution(),
                            request.satisfaction(),
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(
                    200, null, CommandAccepted.customer(customerId, version).withComplaint(complaintId));
        });
    }

    @PutMapping("/{customerId}/owner")
    @Operation(summary = "Reassign the customer to another active rep, with reason and handover note")
    public ResponseEntity<Object> reassign(
            @PathVariable String customerId,
            @Valid @RequestBody ReassignCustomerRequest request,
            @RequestHeader(name = KEY, required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        commands.requireReassignableTo(request.toRepId());
        String path = "/api/v1/customers/" + customerId + "/owner";
        return idempotent.execute(key, "PUT", path, request, () -> {
            long version = commands.send(
                    new ReassignCustomer(
                            customerId,
                            request.toRepId(),
                            request.reason(),
                            request.handoverNote(),
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(200, null, CommandAccepted.customer(customerId, version));
        });
    }

    private CardPatchRequest readPatch(ObjectNode patch) {
        List<ApiProblems.FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PATCHABLE.containsKey(name)
                    && !name.equals("updatedByRepId")
                    && !name.equals("occurredAt")
                    && !name.equals("imported")) {
                errors.add(new ApiProblems.FieldError(name, "unknown field"));
            }
        }
        JsonNode name = patch.get("name");
        if (name != null && name.isNull()) {
            errors.add(new ApiProblems.FieldError("name", "a customer's name cannot be cleared"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        CardPatchRequest request;
        try {
            request = json.convertValue(patch, CardPatchRequest.class);
        } catch (IllegalArgumentException e) {
            String field = e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                            && !mapping.getPath().isEmpty()
                    ? mapping.getPath().get(0).getFieldName()
                    : "card";
            throw new InvalidRequestException(field, "has a value of the wrong type or format");
        }
        Set<ConstraintViolation<CardPatchRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations.stream()
                    .map(v -> new ApiProblems.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(java.util.Comparator.comparing(ApiProblems.FieldError::field))
                    .toList());
        }
        return request;
    }

    private static CustomerCard card(CardRequest card) {
        return new CustomerCard(
                card.name(),
                card.company(),
                card.position(),
                card.addresses() == null ? List.of() : addresses(card.addresses()),
                card.contacts() == null ? List.of() : contacts(card.contacts()));
    }

    private static List<Address> addresses(List<AddressRequest> addresses) {
        return addresses.stream()
                .map(a -> new Address(a.label(), a.street(), a.city(), a.postalCode(), a.region(), a.country()))
                .toList();
    }

    private static List<ContactPoint> contacts(List<ContactRequest> contacts) {
        return contacts.stream()
                .map(c -> new ContactPoint(c.type(), c.value(), c.label()))
                .toList();
    }

    private static Money money(MoneyRequest money) {
        return new Money(money.amount(), money.currency());
    }
}
