package com.customertimeline.workspace;

import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/** Signing in, and the page each kind of person starts on. */
@Controller
public class WorkspaceHome {

    @GetMapping("/workspace/login")
    String signIn() {
        var current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken)) {
            return "redirect:/workspace";
        }
        return "workspace/login";
    }

    /** A rep starts on their customers, a team lead on the team, an auditor on the read-access log. */
    @GetMapping({"/workspace", "/workspace/"})
    String start() {
        Caller caller = Caller.require();
        if (caller.has(Role.MANAGER)) {
            return "redirect:/workspace/team";
        }
        if (caller.has(Role.REP) && caller.repId() != null) {
            return "redirect:/workspace/portfolio";
        }
        if (caller.has(Role.AUDITOR)) {
            return "redirect:/workspace/audit/reads";
        }
        return "workspace/nothing";
    }

    /** Where a refused request is forwarded: a page in the reader's language, status 403. */
    @RequestMapping("/workspace/denied")
    ModelAndView denied(HttpServletRequest request, HttpServletResponse response) {
        return WorkspaceModel.problemPage(request, response, 403, "problem.forbidden", null);
    }
}
