package com.customertimeline.api;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.ComplaintSeverity;
import com.customertimeline.domain.model.ContactType;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.LifecycleStage;
import com.customertimeline.domain.model.ReassignmentReason;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Request bodies of the command API. They mirror the commands but stay separate from them: the HTTP
 * contract (optional ids, optional business time, validation messages) can evolve without touching
 * the domain's messages.
 */
public final class Requests {

    /** Identifiers chosen by callers: letters, digits and {@code . _ : -}, at most 64. */
    public static final String ID = "[A-Za-z0-9._:-]{1,64}";

    private static final String ID_MESSAGE = "must be 1-64 letters, digits or . _ : -";

    /** Left out of the idempotency fingerprint when absent (NON_NULL), so older keys still match. */
    static final String IMPORTED = "true when this is history imported from elsewhere: occurredAt may then lie"
            + " before the customer's registration (never before 1900-01-01T00:00:00Z)";

    static final String OCCURRED_AT = "Business time (ISO-8601 instant); defaults to now. Not before"
            + " 1900-01-01T00:00:00Z, at most 5 minutes ahead, and not before the customer's registration"
            + " unless imported is true";

    private Requests() {}

    public record RegisterRepRequest(
            @Schema(description = "Chosen by the caller; generated when absent")
                    @Pattern(regexp = ID, message = ID_MESSAGE)
                    String repId,
            @NotBlank @Size(max = 200) String displayName,
            @Size(max = 200) String team,
            @Schema(description = "Business time; defaults to now") Instant occurredAt) {}

    public record AddressRequest(
            @Size(max = 100) String label,
            @Size(max = 300) String street,
            @Size(max = 200) String city,
            @Size(max = 40) String postalCode,
            @Size(max = 200) String region,
            @Size(max = 100) String country) {}

    public record ContactRequest(
            @NotNull ContactType type, @NotBlank @Size(max = 320) String value, @Size(max = 100) String label) {}

    public record CardRequest(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 200) String company,
            @Size(max = 200) String position,
            @Valid @Size(max = 50) List<AddressRequest> addresses,
            @Valid @Size(max = 50) List<ContactRequest> contacts) {}

    public record RegisterCustomerRequest(
            @Schema(description = "Chosen by the caller; generated when absent")
                    @Pattern(regexp = ID, message = ID_MESSAGE)
                    String customerId,
            @NotNull @Valid CardRequest card,
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String ownerRepId,
            @Schema(description = "Starting stage; POTENTIAL when absent") LifecycleStage stage,
            Instant occurredAt) {}

    /** Card changes as a JSON merge patch: absent fields stay, null clears, a value replaces. */
    public record CardPatchRequest(
            @Size(min = 1, max = 200) String name,
            @Size(max = 200) String company,
            @Size(max = 200) String position,
            @Valid @Size(max = 50) List<AddressRequest> addresses,
            @Valid @Size(max = 50) List<ContactRequest> contacts,
            @Pattern(regexp = ID, message = ID_MESSAGE) String updatedByRepId,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}

    public record FollowUpRequest(@NotNull Instant dueAt, @NotBlank @Size(max = 1000) String description) {}

    public record RecordInteractionRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) String interactionId,
            @NotNull Channel channel,
            @NotNull Direction direction,
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String repId,
            @NotBlank @Size(max = 4000) String summary,
            @Min(1) @Max(5) Integer satisfaction,
            @Valid FollowUpRequest followUp,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}

    public record CompleteFollowUpRequest(
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String repId,
            @Size(max = 4000) String note,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}

    public record MoneyRequest(
            @NotNull @DecimalMin("0") @Digits(integer = 15, fraction = 4) BigDecimal amount,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO-4217 code such as EUR") String currency) {}

    public record LineItemRequest(
            @NotBlank @Size(max = 64) String sku,
            @Size(max = 300) String description,
            @Positive int quantity,
            @NotNull @Valid MoneyRequest unitPrice) {}

    public record RecordPurchaseRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) String orderId,
            @NotEmpty @Size(max = 500) @Valid List<LineItemRequest> lineItems,
            @Schema(description = "Order total; the sum of the line items when absent") @Valid MoneyRequest total,
            @Pattern(regexp = ID, message = ID_MESSAGE) String repId,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}

    public record FileComplaintRequest(
            @Pattern(regexp = ID, message = ID_MESSAGE) String complaintId,
            @NotNull Channel channel,
            @NotBlank @Size(max = 100) String category,
            @NotNull ComplaintSeverity severity,
            @NotBlank @Size(max = 4000) String description,
            @Pattern(regexp = ID, message = ID_MESSAGE) String repId,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}

    public record RespondToComplaintRequest(
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String repId,
            @NotBlank @Size(max = 4000) String message,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}

    public record ResolveComplaintRequest(
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String repId,
            @NotBlank @Size(max = 4000) String resolution,
            @Min(1) @Max(5) Integer satisfaction,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}

    public record DepartRepRequest(
            @Size(max = 1000) String reason,
            @Schema(description = "Give one successor, or several to spread the portfolio by current load")
                    @Pattern(regexp = ID, message = ID_MESSAGE)
                    String successorRepId,
            @Size(max = 50) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> successorRepIds,
            @Schema(description = "When the departure takes effect; defaults to now") Instant occurredAt) {}

    public record AcknowledgeHandoverRequest(
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String repId,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}

    public record ReassignCustomerRequest(
            @NotBlank @Pattern(regexp = ID, message = ID_MESSAGE) String toRepId,
            @NotNull ReassignmentReason reason,
            @Size(max = 4000) String handoverNote,
            @Schema(description = OCCURRED_AT) Instant occurredAt,
            @Schema(description = IMPORTED) @JsonInclude(JsonInclude.Include.NON_NULL) Boolean imported) {}
}
