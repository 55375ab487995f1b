package com.customertimeline.workspace.operations;

import com.customertimeline.replay.CustomerRebuild;
import com.customertimeline.replay.ProcessorsController;
import com.customertimeline.replay.ReplayProgress;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The event processors for auditors and administrators: each projection's position, state and, during a
 * replay, a progress bar with rate and time left that updates every second. Administrators start a
 * replay here, or rebuild one customer's views for a support case, through the same operations as the
 * API.
 */
@Controller
public class ProcessorPages {

    private final ReplayProgress progress;
    private final ProcessorsController processors;
    private final CustomerRebuild rebuild;

    ProcessorPages(ReplayProgress progress, ProcessorsController processors, CustomerRebuild rebuild) {
        this.progress = progress;
        this.processors = processors;
        this.rebuild = rebuild;
    }

    @GetMapping("/workspace/processors")
    String page(Model model) {
        progressModel(model);
        return "workspace/processors";
    }

    /** The table alone, which the page polls while a processor is behind. */
    @GetMapping("/workspace/processors/progress")
    String table(Model model) {
        progressModel(model);
        return "workspace/processors :: progress";
    }

    @PostMapping("/workspace/processors/{name}/replay")
    String replay(@PathVariable String name, RedirectAttributes redirect) {
        ResponseEntity<Object> answer = processors.replay(name);
        if (!answer.getStatusCode().is2xxSuccessful()) {
            redirect.addFlashAttribute("replayRefused", name);
        }
        return "redirect:/workspace/processors";
    }

    @PostMapping("/workspace/processors/rebuild")
    String rebuild(@RequestParam(required = false) String customerId, Model model) {
        String customer = customerId == null ? "" : customerId.trim();
        model.addAttribute("customerId", customer);
        if (customer.isEmpty()) {
            model.addAttribute("rebuildError", "processors.rebuild.required");
        } else {
            try {
                model.addAttribute("rebuilt", rebuild.rebuild(customer));
            } catch (CustomerRebuild.CannotRebuild refused) {
                model.addAttribute("rebuildError", "processors." + refused.code());
            }
        }
        progressModel(model);
        return "workspace/processors";
    }

    private void progressModel(Model model) {
        List<ReplayProgress.Progress> all = progress.all();
        model.addAttribute("processors", all);
        model.addAttribute("moving", all.stream().anyMatch(p -> p.state() != ReplayProgress.State.LIVE));
    }
}
