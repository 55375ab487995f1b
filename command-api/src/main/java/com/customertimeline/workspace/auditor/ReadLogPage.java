package com.customertimeline.workspace.auditor;

import com.customertimeline.audit.ReadAccessLog;
import com.customertimeline.projections.web.BadReadParameterException;
import com.customertimeline.workspace.Formats;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The auditor's read-access log: who read which customer's data, which view, when and from where,
 * filtered by customer, person or period (in the auditor's time zone), paged on.
 */
@Controller
public class ReadLogPage {

    /** Entries per page. */
    static final int PAGE = 100;

    private final ReadAccessLog log;

    ReadLogPage(ReadAccessLog log) {
        this.log = log;
    }

    @GetMapping("/workspace/audit/reads")
    String reads(
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String principal,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") long after,
            @ModelAttribute("fmt") Formats fmt,
            Model model) {
        if (after < 0) {
            throw new BadReadParameterException("after", "must not be negative");
        }
        String customer = blank(customerId) ? null : customerId.trim();
        String person = blank(principal) ? null : principal.trim();
        Instant fromInstant = fmt.parse(from);
        Instant toInstant = fmt.parse(to);
        List<ReadAccessLog.Entry> items = log.find(customer, person, fromInstant, toInstant, after, PAGE + 1);
        String next = null;
        if (items.size() > PAGE) {
            items = items.subList(0, PAGE);
            UriComponentsBuilder link = UriComponentsBuilder.fromPath("/workspace/audit/reads");
            if (customer != null) {
                link.queryParam("customerId", customer);
            }
            if (person != null) {
                link.queryParam("principal", person);
            }
            if (!blank(from)) {
                link.queryParam("from", from);
            }
            if (!blank(to)) {
                link.queryParam("to", to);
            }
            next = link.queryParam("after", items.get(PAGE - 1).id())
                    .encode()
                    .build()
                    .toUriString();
        }
        model.addAttribute("items", items);
        model.addAttribute("next", next);
        model.addAttribute("customerId", customer == null ? "" : customer);
        model.addAttribute("principal", person == null ? "" : person);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        return "workspace/audit-reads";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
