package com.customertimeline.replay;

import com.customertimeline.api.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Support's "rebuild this customer": one customer's views from the customer's own stream. */
@RestController
@Tag(name = "Operations")
public class CustomerRebuildController {

    private final CustomerRebuild rebuild;

    CustomerRebuildController(CustomerRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping("/api/v1/admin/customers/{customerId}/rebuild")
    @Operation(summary = "Rebuild one customer's summary, timeline and portfolio entry from the customer's events")
    public ResponseEntity<Object> rebuild(@PathVariable String customerId) {
        try {
            return ResponseEntity.ok(rebuild.rebuild(customerId));
        } catch (CustomerRebuild.CannotRebuild refused) {
            HttpStatus status = refused.code().equals("unknown-customer") ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
            return ResponseEntity.status(status)
                    .body(ApiProblems.problem(status, refused.code(), "customerId", refused.getMessage()));
        }
    }
}
