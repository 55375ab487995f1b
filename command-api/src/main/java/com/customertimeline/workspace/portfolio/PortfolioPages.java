package com.customertimeline.workspace.portfolio;

import com.customertimeline.domain.query.PortfolioSort;
import com.customertimeline.projections.portfolio.RepPortfolioView;
import com.customertimeline.projections.summary.CustomerSearchPage;
import com.customertimeline.projections.summary.PendingHandoversView;
import com.customertimeline.projections.web.BadReadParameterException;
import com.customertimeline.security.Caller;
import com.customertimeline.workspace.WorkspaceReads;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "My customers": a rep's portfolio with the handovers still to read on top, sortable by what needs
 * attention; the same page for a rep of a team lead's team; and search within the reader's scope.
 */
@Controller
public class PortfolioPages {

    /** Search results per page. */
    static final int SEARCH_PAGE = 20;

    private final WorkspaceReads reads;

    PortfolioPages(WorkspaceReads reads) {
        this.reads = reads;
    }

    @GetMapping("/workspace/portfolio")
    String mine(
            @RequestParam(required = false) PortfolioSort sort,
            @RequestParam(required = false) String dir,
            Model model) {
        Caller me = Caller.require();
        if (me.repId() == null) {
            return "redirect:/workspace/search";
        }
        return portfolio(me.repId(), sort, dir, model);
    }

    @GetMapping("/workspace/reps/{repId}")
    String ofRep(
            @PathVariable String repId,
            @RequestParam(required = false) PortfolioSort sort,
            @RequestParam(required = false) String dir,
            Model model) {
        return portfolio(repId, sort, dir, model);
    }

    @GetMapping("/workspace/search")
    String search(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
        if (q != null && q.length() > 200) {
            throw new BadReadParameterException("q", "at most 200 characters");
        }
        if (page < 0 || page > 10_000) {
            throw new BadReadParameterException("page", "page must be between 0 and 10000");
        }
        model.addAttribute("q", q == null ? "" : q);
        if (q != null && !q.isBlank()) {
            CustomerSearchPage found = reads.search(q.trim(), page, SEARCH_PAGE);
            model.addAttribute("found", found);
        }
        return "workspace/search";
    }

    private String portfolio(String repId, PortfolioSort sort, String dir, Model model) {
        PortfolioSort order = sort == null ? PortfolioSort.LAST_CONTACT : sort;
        boolean descending =
                dir == null ? order != PortfolioSort.NAME && order != PortfolioSort.LAST_CONTACT : "desc".equals(dir);
        RepPortfolioView portfolio = reads.portfolio(repId, order, descending);
        PendingHandoversView pending = reads.pendingHandovers(repId);
        model.addAttribute("portfolio", portfolio);
        model.addAttribute("pending", pending);
        model.addAttribute("sort", order);
        model.addAttribute("descending", descending);
        model.addAttribute("sorts", PortfolioSort.values());
        model.addAttribute("own", repId.equals(Caller.require().repId()));
        return "workspace/portfolio";
    }
}
