package com.customertimeline.workspace.customer;

import com.customertimeline.api.CustomerCommandController;
import com.customertimeline.api.HandoverCommandController;
import com.customertimeline.api.Requests.AcknowledgeHandoverRequest;
import com.customertimeline.api.Requests.CompleteFollowUpRequest;
import com.customertimeline.api.Requests.FollowUpRequest;
import com.customertimeline.api.Requests.ReassignCustomerRequest;
import com.customertimeline.api.Requests.RecordInteractionRequest;
import com.customertimeline.api.Requests.ResolveComplaintRequest;
import com.customertimeline.api.Requests.RespondToComplaintRequest;
import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.security.Caller;
import com.customertimeline.workspace.Formats;
import com.customertimeline.workspace.WorkspaceCommands;
import com.customertimeline.workspace.WorkspaceCommands.Result;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The forms a rep records with: an interaction (with an optional promise), a kept promise, a response to
 * a complaint, a resolution, the acknowledgement of a handover; and a team lead's reassignment. Each is
 * the API's command with the signed-in person as the rep, sent with the form's idempotency key. Accepted:
 * back to the customer page once it shows the new event. Refused: the page again, the person's input
 * kept and the reason beside the field it concerns.
 */
@Controller
@RequestMapping("/workspace/customers/{customerId}")
public class RecordingForms {

    private final WorkspaceCommands commands;
    private final CustomerCommandController customers;
    private final HandoverCommandController handovers;
    private final CustomerPages pages;
    private final MessageSource messages;

    RecordingForms(
            WorkspaceCommands commands,
            CustomerCommandController customers,
            HandoverCommandController handovers,
            CustomerPages pages,
            MessageSource messages) {
        this.messages = messages;
        this.commands = commands;
        this.customers = customers;
        this.handovers = handovers;
        this.pages = pages;
    }

    /** The interaction form's fields. Satisfaction and the promise are optional. */
    public record InteractionForm(
            Channel channel,
            Direction direction,
            String summary,
            Integer satisfaction,
            String followUpDueAt,
            String followUpDescription,
            String idempotencyKey) {}

    @PostMapping("/interactions")
    String recordInteraction(
            @PathVariable String customerId,
            InteractionForm form,
            @ModelAttribute("fmt") Formats fmt,
            Model model,
            HttpServletResponse response) {
        Instant due;
        try {
            due = fmt.parse(form.followUpDueAt());
        } catch (IllegalArgumentException e) {
            String message = messages.getMessage("form.invalid-date-time", null, fmt.locale());
            return again(model, response, customerId, "interaction", form, fmt, 400, Map.of("followUpDueAt", message));
        }
        boolean promised = due != null || !blank(form.followUpDescription());
        RecordInteractionRequest request = new RecordInteractionRequest(
                null,
                form.channel(),
                form.direction(),
                Caller.require().repId(),
                trim(form.summary()),
                form.satisfaction(),
                promised ? new FollowUpRequest(due, trim(form.followUpDescription())) : null,
                null,
                null);
        Function<String, String> own = WorkspaceCommands.formFields("channel", "direction", "summary", "satisfaction");
        Function<String, String> fields = field -> switch (field) {
            case "followUp.dueAt" -> "followUpDueAt";
            case "followUp.description", "followUp" -> "followUpDescription";
            default -> own.apply(field);
        };
        Result result = commands.send(
                request,
                fields,
                () -> customers.recordInteraction(customerId, request, key(form.idempotencyKey()), null));
        return outcome(result, model, response, customerId, "interaction", form, fmt);
    }

    @PostMapping("/follow-ups/{interactionId}/completion")
    String completeFollowUp(
            @PathVariable String customerId,
            @PathVariable String interactionId,
            @RequestParam(required = false) String note,
            @RequestParam(required = false) String idempotencyKey,
            @ModelAttribute("fmt") Formats fmt,
            Model model,
            HttpServletResponse response) {
        CompleteFollowUpRequest request =
                new CompleteFollowUpRequest(Caller.require().repId(), blank(note) ? null : note.trim(), null, null);
        Result result = commands.send(
                request,
                WorkspaceCommands.formFields("note"),
                () -> customers.completeFollowUp(customerId, interactionId, request, key(idempotencyKey), null));
        return outcome(
                result, model, response, customerId, "followUp:" + interactionId, Map.of("note", str(note)), fmt);
    }

    @PostMapping("/complaints/{complaintId}/responses")
    String respond(
            @PathVariable String customerId,
            @PathVariable String complaintId,
            @RequestParam(required = false) String message,
            @RequestParam(required = false) String idempotencyKey,
            @ModelAttribute("fmt") Formats fmt,
            Model model,
            HttpServletResponse response) {
        RespondToComplaintRequest request =
                new RespondToComplaintRequest(Caller.require().repId(), trim(message), null, null);
        Result result = commands.send(
                request,
                WorkspaceCommands.formFields("message"),
                () -> customers.respondToComplaint(customerId, complaintId, request, key(idempotencyKey), null));
        return outcome(
                result, model, response, customerId, "respond:" + complaintId, Map.of("message", str(message)), fmt);
    }

    @PostMapping("/complaints/{complaintId}/resolution")
    String resolve(
            @PathVariable String customerId,
            @PathVariable String complaintId,
            @RequestParam(required = false) String resolution,
            @RequestParam(required = false) Integer satisfaction,
            @RequestParam(required = false) String idempotencyKey,
            @ModelAttribute("fmt") Formats fmt,
            Model model,
            HttpServletResponse response) {
        ResolveComplaintRequest request =
                new ResolveComplaintRequest(Caller.require().repId(), trim(resolution), satisfaction, null, null);
        Result result = commands.send(
                request,
                WorkspaceCommands.formFields("resolution", "satisfaction"),
                () -> customers.resolveComplaint(customerId, complaintId, request, key(idempotencyKey), null));
        return outcome(
                result,
                model,
                response,
                customerId,
                "resolve:" + complaintId,
                Map.of("resolution", str(resolution), "satisfaction", satisfaction == null ? "" : satisfaction),
                fmt);
    }

    @PostMapping("/handover/acknowledgement")
    String acknowledge(
            @PathVariable String customerId,
            @RequestParam(required = false) String idempotencyKey,
            @ModelAttribute("fmt") Formats fmt,
            Model model,
            HttpServletResponse response) {
        AcknowledgeHandoverRequest request =
                new AcknowledgeHandoverRequest(Caller.require().repId(), null, null);
        Result result = commands.send(
                request,
                WorkspaceCommands.formFields(),
                () -> handovers.acknowledge(customerId, request, key(idempotencyKey), null));
        if (result.accepted()) {
            UriComponentsBuilder brief = UriComponentsBuilder.fromPath("/workspace/customers/{id}/brief");
            if (result.version() != null) {
                brief.queryParam("v", result.version());
            }
            return "redirect:" + brief.buildAndExpand(customerId).encode().toUriString();
        }
        return outcome(result, model, response, customerId, "acknowledge", Map.of(), fmt);
    }

    @PostMapping("/owner")
    String reassign(
            @PathVariable String customerId,
            @RequestParam(required = false) String toRepId,
            @RequestParam(required = false) ReassignmentReason reason,
            @RequestParam(required = false) String handoverNote,
            @RequestParam(required = false) String idempotencyKey,
            @ModelAttribute("fmt") Formats fmt,
            Model model,
            HttpServletResponse response) {
        ReassignCustomerRequest request = new ReassignCustomerRequest(
                blank(toRepId) ? null : toRepId.trim(),
                reason,
                blank(handoverNote) ? null : handoverNote.trim(),
                null,
                null);
        Result result = commands.send(
                request,
                WorkspaceCommands.formFields("toRepId", "reason", "handoverNote"),
                () -> customers.reassign(customerId, request, key(idempotencyKey), null));
        Map<String, Object> values = new HashMap<>();
        values.put("toRepId", str(toRepId));
        values.put("reason", reason == null ? "" : reason.name());
        values.put("handoverNote", str(handoverNote));
        return outcome(result, model, response, customerId, "reassign", values, fmt);
    }

    private String outcome(
            Result result,
            Model model,
            HttpServletResponse response,
            String customerId,
            String formName,
            Object values,
            Formats fmt) {
        if (result.accepted()) {
            UriComponentsBuilder next = UriComponentsBuilder.fromPath("/workspace/customers/{id}")
                    .queryParam("done", formName.replaceAll(":.*", ""));
            if (result.version() != null) {
                next.queryParam("v", result.version());
            }
            return "redirect:" + next.buildAndExpand(customerId).encode().toUriString();
        }
        return again(model, response, customerId, formName, values, fmt, result.status(), result.errors());
    }

    private String again(
            Model model,
            HttpServletResponse response,
            String customerId,
            String formName,
            Object values,
            Formats fmt,
            int status,
            Map<String, String> errors) {
        response.setStatus(status);
        model.addAttribute("errors", errors);
        model.addAttribute("form", values);
        model.addAttribute("failed", formName);
        pages.fill(model, customerId, CustomerPages.Filter.none(), null, fmt, null);
        return "workspace/customer";
    }

    /** An idempotency key sent with the form; a missing one is none (the command still runs once). */
    private static String key(String given) {
        return blank(given) ? null : given.trim();
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static String str(String value) {
        return value == null ? "" : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
