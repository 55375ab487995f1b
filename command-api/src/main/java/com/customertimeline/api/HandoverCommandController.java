package com.customertimeline.api;

import com.customertimeline.api.Requests.AcknowledgeHandoverRequest;
import com.customertimeline.api.Requests.DepartRepRequest;
import com.customertimeline.api.idempotency.IdempotentExecutor;
import com.customertimeline.api.idempotency.IdempotentExecutor.Outcome;
import com.customertimeline.departure.DepartureQueries;
import com.customertimeline.domain.customer.AcknowledgeHandover;
import com.customertimeline.domain.rep.DepartRep;
import com.customertimeline.security.ActingAs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handover, the reason the product exists: a rep's departure moves every customer they owned to a
 * successor, and the incoming owner acknowledges having taken over the context.
 */
@RestController
@Tag(name = "Handover")
public class HandoverCommandController {

    private final CommandSupport commands;
    private final IdempotentExecutor idempotent;
    private final DepartureQueries departures;

    HandoverCommandController(CommandSupport commands, IdempotentExecutor idempotent, DepartureQueries departures) {
        this.commands = commands;
        this.idempotent = idempotent;
        this.departures = departures;
    }

    @PostMapping("/api/v1/reps/{repId}/departure")
    @Operation(
            summary = "Record a rep's departure; their customers are then reassigned to the successors",
            description = "Answers 202: the reassignment runs in the background and survives restarts. "
                    + "Follow it with GET on the same path.")
    public ResponseEntity<Object> depart(
            @PathVariable String repId,
            @Valid @RequestBody DepartRepRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(repId, "repId");
        List<String> successors = new ArrayList<>();
        if (request.successorRepId() != null) {
            successors.add(request.successorRepId());
        }
        if (request.successorRepIds() != null) {
            successors.addAll(request.successorRepIds());
        }
        String path = "/api/v1/reps/" + repId + "/departure";
        return idempotent.execute(key, "POST", path, request, () -> {
            long version = commands.send(
                    new DepartRep(repId, request.reason(), successors, commands.businessTime(request.occurredAt())),
                    onBehalfOf,
                    key);
            return new Outcome(202, URI.create(path), CommandAccepted.rep(repId, version));
        });
    }

    @GetMapping("/api/v1/reps/{repId}/departure")
    @Operation(summary = "Progress of a rep's departure: planned, done, pending and failed reassignments")
    public ResponseEntity<Object> departure(@PathVariable String repId) {
        CommandSupport.requirePathId(repId, "repId");
        return departures
                .status(repId)
                .<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(ApiProblems.problem(
                                HttpStatus.NOT_FOUND,
                                "no-departure",
                                "repId",
                                "no departure of rep " + repId + " has been planned (yet)")));
    }

    @PostMapping("/api/v1/customers/{customerId}/handover/acknowledgement")
    @Operation(summary = "The new owner confirms having read the handover brief")
    public ResponseEntity<Object> acknowledge(
            @PathVariable String customerId,
            @Valid @RequestBody AcknowledgeHandoverRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        CommandSupport.requirePathId(customerId, "customerId");
        ActingAs.requireSelf(request.repId(), "repId");
        String path = "/api/v1/customers/" + customerId + "/handover/acknowledgement";
        return idempotent.execute(key, "POST", path, request, () -> {
            long version = commands.send(
                    new AcknowledgeHandover(
                            customerId,
                            request.repId(),
                            commands.businessTime(request.occurredAt()),
                            Boolean.TRUE.equals(request.imported())),
                    onBehalfOf,
                    key);
            return new Outcome(200, null, CommandAccepted.customer(customerId, version));
        });
    }
}
