package com.customertimeline.api;

import com.customertimeline.api.Requests.RegisterRepRequest;
import com.customertimeline.api.idempotency.IdempotentExecutor;
import com.customertimeline.api.idempotency.IdempotentExecutor.Outcome;
import com.customertimeline.domain.rep.RegisterRep;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registers the reps who own customers. */
@RestController
@RequestMapping("/api/v1/reps")
@Tag(name = "Reps (commands)")
public class RepCommandController {

    private final CommandSupport commands;
    private final IdempotentExecutor idempotent;

    RepCommandController(CommandSupport commands, IdempotentExecutor idempotent) {
        this.commands = commands;
        this.idempotent = idempotent;
    }

    @PostMapping
    @Operation(summary = "Register a rep")
    public ResponseEntity<Object> register(
            @Valid @RequestBody RegisterRepRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestHeader(name = CommandSupport.ON_BEHALF_OF, required = false) String onBehalfOf) {
        return idempotent.execute(key, "POST", "/api/v1/reps", request, () -> {
            String repId = CommandSupport.idOrNew(request.repId(), key, "rep");
            long version = commands.sendRegistration(
                    new RegisterRep(
                            repId, request.displayName(), request.team(), commands.businessTime(request.occurredAt())),
                    "repId",
                    repId,
                    onBehalfOf,
                    key);
            return new Outcome(201, URI.create("/api/v1/reps/" + repId), CommandAccepted.rep(repId, version));
        });
    }
}
