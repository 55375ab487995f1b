package com.customertimeline.workspace;

import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import com.customertimeline.security.SecurityConfig;
import com.customertimeline.security.SecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/** Signing in, and the page each kind of person starts on. */
@Controller
public class WorkspaceHome {

    private final boolean passwords;
    private final List<Provider> providers;

    WorkspaceHome(SecurityProperties security, ObjectProvider<ClientRegistrationRepository> registrations) {
        this.passwords = security.mode() == SecurityProperties.Mode.EMBEDDED;
        List<Provider> found = new ArrayList<>();
        if (!passwords && registrations.getIfAvailable() instanceof Iterable<?> all) {
            for (Object item : all) {
                if (item instanceof ClientRegistration registration) {
                    found.add(new Provider(
                            SecurityConfig.WORKSPACE_PROVIDER_SIGN_IN + "/" + registration.getRegistrationId(),
                            registration.getClientName()));
                }
            }
        }
        this.providers = List.copyOf(found);
    }

    /** An identity provider people may sign in at, and the link that starts it. */
    public record Provider(String url, String name) {}

    /**
     * With embedded accounts: the sign-in form. With an identity provider: a link to sign in there
     * (no passwords are taken here).
     */
    @GetMapping("/workspace/login")
    String signIn(Model model) {
        var current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && current.isAuthenticated() && !(current instanceof AnonymousAuthenticationToken)) {
            return "redirect:/workspace";
        }
        model.addAttribute("passwords", passwords);
        model.addAttribute("providers", providers);
        return "workspace/login";
    }

    /** A rep starts on their customers, a team lead on the team, an auditor on the read-access log, an administrator on the processors. */
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
        if (caller.has(Role.ADMIN)) {
            return "redirect:/workspace/processors";
        }
        return "workspace/nothing";
    }

    /** Where a refused request is forwarded: a page in the reader's language, status 403. */
    @RequestMapping("/workspace/denied")
    ModelAndView denied(HttpServletRequest request, HttpServletResponse response) {
        return WorkspaceModel.problemPage(request, response, 403, "problem.forbidden", null);
    }
}
