package com.customertimeline.workspace.customer;

import com.customertimeline.domain.model.Channel;
import com.customertimeline.domain.model.Direction;
import com.customertimeline.domain.model.ReassignmentReason;
import com.customertimeline.domain.query.FindCustomerTimeline;
import com.customertimeline.domain.query.TimelineKind;
import com.customertimeline.projections.access.AccessFacts;
import com.customertimeline.projections.summary.CustomerSummaryView;
import com.customertimeline.projections.summary.HandoverBriefView;
import com.customertimeline.projections.timeline.TimelinePage;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import com.customertimeline.workspace.Formats;
import com.customertimeline.workspace.WorkspaceCommands;
import com.customertimeline.workspace.WorkspaceReads;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The customer page (card with its history, the 360 summary, the timeline with filters and older entries
 * loaded while scrolling), the same page as it stood at an earlier instant ({@code asOf}, auditors), and
 * the handover brief.
 */
@Controller
@RequestMapping("/workspace/customers/{customerId}")
public class CustomerPages {

    /** Entries per timeline page, the first one and each one loaded while scrolling. */
    static final int PAGE = 50;

    /**
     * Open promises and open complaints shown before "show all": a customer with hundreds of open items
     * (each complaint with its two forms) would otherwise make a page of megabytes.
     */
    static final int SHORT_LIST = 10;

    /** Card changes shown (registration and card updates, newest first). */
    static final int CARD_HISTORY = 100;

    private final WorkspaceReads reads;
    private final MessageSource messages;
    private final AccessFacts access;

    CustomerPages(WorkspaceReads reads, MessageSource messages, AccessFacts access) {
        this.reads = reads;
        this.messages = messages;
        this.access = access;
    }

    /**
     * The timeline's filters and the instant the page shows, as the filter form and the as-of picker
     * send them ({@code from}/{@code to} are dates, {@code asOf} a local date-time, both in the reader's
     * zone).
     */
    public record Filter(
            List<TimelineKind> kind, List<Channel> channel, String rep, String from, String to, String asOf) {

        public Filter {
            kind = kind == null ? List.of() : List.copyOf(kind);
            channel = channel == null ? List.of() : List.copyOf(channel);
            rep = rep == null || rep.isBlank() ? null : rep.trim();
        }

        static Filter none() {
            return new Filter(null, null, null, null, null, null);
        }

        boolean any() {
            return !kind.isEmpty() || !channel.isEmpty() || rep != null || blank(from) || blank(to);
        }

        private static boolean blank(String value) {
            return value != null && !value.isBlank();
        }

        /** The query string that repeats these filters (for links to older entries). */
        UriComponentsBuilder query(UriComponentsBuilder builder) {
            kind.forEach(k -> builder.queryParam("kind", k.name()));
            channel.forEach(c -> builder.queryParam("channel", c.name()));
            if (rep != null) {
                builder.queryParam("rep", rep);
            }
            if (blank(from)) {
                builder.queryParam("from", from);
            }
            if (blank(to)) {
                builder.queryParam("to", to);
            }
            if (blank(asOf)) {
                builder.queryParam("asOf", asOf);
            }
            return builder;
        }
    }

    @GetMapping
    String customer(
            @PathVariable String customerId,
            @ModelAttribute("filter") Filter filter,
            @RequestParam(name = "v", required = false) Long version,
            @RequestParam(required = false) String done,
            @RequestParam(required = false) String all,
            @ModelAttribute("fmt") Formats fmt,
            Model model) {
        fill(model, customerId, filter, version, fmt, all);
        model.addAttribute("done", done);
        return "workspace/customer";
    }

    /** Older timeline entries after a cursor: the rows and, if there are more, the next loader. */
    @GetMapping("/timeline")
    String olderEntries(
            @PathVariable String customerId,
            @ModelAttribute("filter") Filter filter,
            @RequestParam String cursor,
            @ModelAttribute("fmt") Formats fmt,
            Model model) {
        Instant asOf = fmt.parse(filter.asOf());
        TimelinePage page = reads.timeline(query(customerId, filter, fmt, cursor), asOf);
        model.addAttribute("entries", new TimelineEntries(messages, fmt).views(page.entries()));
        model.addAttribute("nextUrl", nextUrl(customerId, filter, page));
        return "workspace/customer :: entries";
    }

    /**
     * The card's field-by-field history (registration and card updates, newest first), loaded when the
     * reader opens it: it needs a filtered read of the whole timeline, which the page itself does not.
     */
    @GetMapping("/card-history")
    String cardHistory(
            @PathVariable String customerId,
            @RequestParam(required = false) String asOf,
            @ModelAttribute("fmt") Formats fmt,
            Model model) {
        TimelinePage changes = reads.timeline(
                new FindCustomerTimeline(
                        customerId,
                        Set.of(TimelineKind.REGISTERED, TimelineKind.CARD_UPDATED),
                        Set.of(),
                        null,
                        null,
                        null,
                        true,
                        null,
                        CARD_HISTORY),
                fmt.parse(asOf));
        model.addAttribute("cardHistory", new TimelineEntries(messages, fmt).cardHistory(changes.entries()));
        return "workspace/customer :: card-history";
    }

    @GetMapping("/brief")
    String brief(
            @PathVariable String customerId,
            @RequestParam(name = "v", required = false) Long version,
            @ModelAttribute("fmt") Formats fmt,
            Model model) {
        reads.awaitVersion(customerId, version);
        HandoverBriefView brief = reads.brief(customerId);
        Caller me = Caller.require();
        model.addAttribute("customerId", customerId);
        model.addAttribute("brief", brief);
        model.addAttribute(
                "mayAcknowledge",
                brief.handover() != null
                        && !brief.handover().acknowledged()
                        && me.repId() != null
                        && me.repId().equals(brief.handover().toRepId()));
        model.addAttribute("keys", new Keys());
        return "workspace/brief";
    }

    /** Everything the customer page shows; the recording forms use it to show the page again with errors. */
    void fill(Model model, String customerId, Filter filter, Long version, Formats fmt, String all) {
        Instant asOf = fmt.parse(filter.asOf());
        if (asOf == null) {
            reads.awaitVersion(customerId, version);
        }
        CustomerSummaryView summary = reads.summary(customerId, asOf);
        TimelinePage page = reads.timeline(query(customerId, filter, fmt, null), asOf);

        TimelineEntries entries = new TimelineEntries(messages, fmt);
        Caller me = Caller.require();
        boolean now = asOf == null;
        model.addAttribute("customerId", customerId);
        model.addAttribute("filter", filter);
        model.addAttribute("summary", summary);
        model.addAttribute("asOf", asOf);
        model.addAttribute("entries", entries.views(page.entries()));
        model.addAttribute("nextUrl", nextUrl(customerId, filter, page));
        model.addAttribute(
                "addresses",
                summary.card().addresses() == null
                        ? List.of()
                        : summary.card().addresses().stream()
                                .map(address -> (address.label() == null ? "" : address.label() + ": ")
                                        + java.util.stream.Stream.of(
                                                        address.street(),
                                                        address.postalCode(),
                                                        address.city(),
                                                        address.region(),
                                                        address.country())
                                                .filter(part -> part != null && !part.isBlank())
                                                .collect(java.util.stream.Collectors.joining(", ")))
                                .toList());
        List<CustomerSummaryView.Promise> promises = summary.openFollowUps().stream()
                .sorted(Comparator.comparing(CustomerSummaryView.Promise::overdue)
                        .reversed()
                        .thenComparing(CustomerSummaryView.Promise::dueAt))
                .toList();
        List<CustomerSummaryView.Complaint> complaints = summary.openComplaints().stream()
                .sorted(Comparator.comparing(CustomerSummaryView.Complaint::firstResponseLate)
                        .reversed()
                        .thenComparing(CustomerSummaryView.Complaint::filedAt))
                .toList();
        model.addAttribute("promises", "promises".equals(all) ? promises : shortList(promises));
        model.addAttribute("promisesTotal", promises.size());
        model.addAttribute("complaints", "complaints".equals(all) ? complaints : shortList(complaints));
        model.addAttribute("complaintsTotal", complaints.size());
        model.addAttribute("kinds", TimelineKind.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("directions", Direction.values());
        model.addAttribute("reasons", ReassignmentReason.values());
        model.addAttribute("filtered", filter.any());
        boolean person = me.repId() != null && (me.has(Role.REP) || me.has(Role.MANAGER));
        model.addAttribute("mayRecord", now && person);
        boolean manager = now && me.has(Role.MANAGER) && me.team() != null;
        model.addAttribute("mayReassign", manager);
        model.addAttribute(
                "teamReps",
                manager
                        ? access.repsOfTeam(me.team()).stream()
                                .filter(rep -> !rep.equals(
                                        summary.owner() == null
                                                ? null
                                                : summary.owner().repId()))
                                .filter(rep -> !access.hasDeparted(rep))
                                .sorted()
                                .toList()
                        : List.of());
        model.addAttribute("mayTravel", me.has(Role.AUDITOR));
        model.addAttribute(
                "briefForMe",
                now
                        && summary.lastHandover() != null
                        && me.repId() != null
                        && me.repId().equals(summary.lastHandover().toRepId()));
        model.addAttribute("keys", new Keys());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("form", Map.of());
            model.addAttribute("failed", "");
        }
    }

    private static <T> List<T> shortList(List<T> items) {
        return items.size() <= SHORT_LIST ? items : items.subList(0, SHORT_LIST);
    }

    private static FindCustomerTimeline query(String customerId, Filter filter, Formats fmt, String cursor) {
        return new FindCustomerTimeline(
                customerId,
                Set.copyOf(filter.kind()),
                Set.copyOf(filter.channel()),
                filter.rep(),
                fmt.parse(filter.from()),
                endOfDay(fmt, filter.to()),
                true,
                cursor,
                PAGE);
    }

    /** "To" names a day the reader means to include: the query's bound is the next day's start. */
    private static Instant endOfDay(Formats fmt, String to) {
        Instant start = fmt.parse(to);
        if (start == null || to.trim().length() != 10) {
            return start;
        }
        return java.time.LocalDate.parse(to.trim())
                .plusDays(1)
                .atStartOfDay(fmt.zone())
                .toInstant();
    }

    private static String nextUrl(String customerId, Filter filter, TimelinePage page) {
        if (page.nextCursor() == null) {
            return null;
        }
        return filter.query(UriComponentsBuilder.fromPath("/workspace/customers/{id}/timeline"))
                .queryParam("cursor", page.nextCursor())
                .buildAndExpand(customerId)
                .encode()
                .toUriString();
    }

    /** New idempotency keys for the forms of a page, one per form as it is shown. */
    public static final class Keys {
        public String next() {
            return WorkspaceCommands.newKey();
        }
    }
}
