package com.customertimeline.privacy.erasure;

import com.customertimeline.api.ApiProblems;
import com.customertimeline.api.CommandAccepted;
import com.customertimeline.replay.CustomerRebuild;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** An administrator erases a customer's personal data on the customer's request (ADR 0017). */
@RestController
@Tag(name = "Personal data")
public class ErasureController {

    /** Why the data is erased (the request's reference, the law it follows); kept in the event. */
    public record ErasureRequest(String reason) {}

    private final ErasingPersonalData erasing;

    ErasureController(ErasingPersonalData erasing) {
        this.erasing = erasing;
    }

    @PostMapping("/api/v1/customers/{customerId}/erasure")
    @Operation(
            summary = "Erase the customer's personal data (crypto-shredding)",
            description = "Records CustomerPersonalDataErased, destroys the customer's data key and rebuilds"
                    + " every view, which then shows a placeholder for each personal field and every other fact"
                    + " as before. Answers once everything derived was cleaned; repeating it changes nothing."
                    + " Later commands for the customer are refused with 422 customer-erased.")
    public ResponseEntity<Object> erase(@PathVariable String customerId, @RequestBody ErasureRequest request) {
        try {
            ErasingPersonalData.Erased erased = erasing.erase(customerId, request.reason());
            return ResponseEntity.ok(CommandAccepted.customer(erased.customerId(), erased.version()));
        } catch (ErasingPersonalData.UnknownCustomer unknown) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(ApiProblems.problem(HttpStatus.NOT_FOUND, "not-found", "customerId", unknown.getMessage()));
        } catch (ErasingPersonalData.UnencryptedHistoryException plaintext) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(ApiProblems.problem(
                            HttpStatus.CONFLICT, "unencrypted-history", "customerId", plaintext.getMessage()));
        } catch (CustomerRebuild.CannotRebuild busy) {
            // the key is destroyed and the erasure recorded; its follow-through rebuilds the views after the replay
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(ApiProblems.problem(HttpStatus.CONFLICT, busy.code(), "customerId", busy.getMessage()));
        }
    }
}
