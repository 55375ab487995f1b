package com.customertimeline.workspace.team;

import com.customertimeline.api.HandoverCommandController;
import com.customertimeline.api.Requests.DepartRepRequest;
import com.customertimeline.departure.DepartureQueries;
import com.customertimeline.departure.DepartureStatus;
import com.customertimeline.projections.access.AccessFacts;
import com.customertimeline.projections.portfolio.RepPortfolioView;
import com.customertimeline.security.Caller;
import com.customertimeline.workspace.WorkspaceCommands;
import com.customertimeline.workspace.WorkspaceCommands.Result;
import com.customertimeline.workspace.WorkspaceReads;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A team lead's pages: the team with each rep's load and what needs attention, a rep's departure with
 * its successors, and the departure's progress until every customer has a new owner.
 */
@Controller
public class TeamPages {

    private final WorkspaceReads reads;
    private final AccessFacts access;
    private final DepartureQueries departures;
    private final HandoverCommandController handovers;
    private final WorkspaceCommands commands;

    TeamPages(
            WorkspaceReads reads,
            AccessFacts access,
            DepartureQueries departures,
            HandoverCommandController handovers,
            WorkspaceCommands commands) {
        this.reads = reads;
        this.access = access;
        this.departures = departures;
        this.handovers = handovers;
        this.commands = commands;
    }

    /** One rep of the team with the counts that tell a lead where to look. */
    public record Member(
            String repId,
            String displayName,
            boolean departed,
            int customers,
            int openComplaints,
            int overdueFollowUps,
            int pendingHandovers) {}

    @GetMapping("/workspace/team")
    String team(Model model) {
        Caller me = Caller.require();
        model.addAttribute("team", me.team());
        model.addAttribute("members", members(me.team()));
        model.addAttribute("errors", Map.of());
        model.addAttribute("failed", "");
        model.addAttribute("keys", new com.customertimeline.workspace.customer.CustomerPages.Keys());
        return "workspace/team";
    }

    @PostMapping("/workspace/reps/{repId}/departure")
    String depart(
            @PathVariable String repId,
            @RequestParam(required = false) List<String> successors,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String idempotencyKey,
            Model model,
            HttpServletResponse response) {
        List<String> chosen = successors == null
                ? List.of()
                : successors.stream().filter(s -> !s.isBlank()).toList();
        DepartRepRequest request =
                new DepartRepRequest(reason == null || reason.isBlank() ? null : reason.trim(), null, chosen, null);
        Result result = commands.send(
                request,
                field -> field.startsWith("successorRepIds")
                        ? "successors"
                        : WorkspaceCommands.formFields("reason").apply(field),
                () -> handovers.depart(
                        repId,
                        request,
                        idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey,
                        null));
        if (result.accepted()) {
            return "redirect:/workspace/reps/" + repId + "/departure";
        }
        response.setStatus(result.status());
        Caller me = Caller.require();
        model.addAttribute("team", me.team());
        model.addAttribute("members", members(me.team()));
        model.addAttribute("errors", result.errors());
        model.addAttribute("failed", repId);
        model.addAttribute("keys", new com.customertimeline.workspace.customer.CustomerPages.Keys());
        return "workspace/team";
    }

    @GetMapping("/workspace/reps/{repId}/departure")
    String departure(@PathVariable String repId, Model model) {
        model.addAttribute("repId", repId);
        DepartureStatus status = departures.status(repId).orElse(null);
        model.addAttribute("status", status);
        model.addAttribute("percent", percent(status));
        return "workspace/departure";
    }

    /** The progress bar alone, which the page asks for every second until the departure is complete. */
    @GetMapping("/workspace/reps/{repId}/departure/progress")
    String progress(@PathVariable String repId, Model model) {
        model.addAttribute("repId", repId);
        DepartureStatus status = departures.status(repId).orElse(null);
        model.addAttribute("status", status);
        model.addAttribute("percent", percent(status));
        return "workspace/departure :: progress";
    }

    private List<Member> members(String team) {
        List<Member> members = new ArrayList<>();
        if (team == null) {
            return members;
        }
        for (String repId : access.repsOfTeam(team).stream().sorted().toList()) {
            RepPortfolioView portfolio = reads.portfolioCounts(repId).orElse(null);
            int customers = portfolio == null ? 0 : portfolio.customers().size();
            int complaints = portfolio == null
                    ? 0
                    : portfolio.customers().stream()
                            .mapToInt(RepPortfolioView.Customer::openComplaints)
                            .sum();
            int overdue = portfolio == null
                    ? 0
                    : portfolio.customers().stream()
                            .mapToInt(RepPortfolioView.Customer::overdueFollowUps)
                            .sum();
            int pending = reads.pendingHandoverCount(repId);
            members.add(new Member(
                    repId,
                    portfolio == null || portfolio.displayName() == null ? repId : portfolio.displayName(),
                    access.hasDeparted(repId),
                    customers,
                    complaints,
                    overdue,
                    pending));
        }
        return members;
    }

    /** For the template: a departure's share done, 0..100. */
    static int percent(DepartureStatus status) {
        if (status == null || status.planned() == 0) {
            return status != null && status.complete() ? 100 : 0;
        }
        return (int) Math.floor(100.0 * status.done() / status.planned());
    }
}
