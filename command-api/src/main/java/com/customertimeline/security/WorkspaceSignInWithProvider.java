package com.customertimeline.security;

import com.customertimeline.security.tokens.TokenCallers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Where a person who signed in to the workspace through the company's identity provider (OpenID
 * Connect, authorization code) becomes a {@link Caller}: roles, rep id and team from the ID token's
 * claims, read with the same claim names as the provider's access tokens on the API. The session then
 * holds that caller, so every rule decides exactly as for a person with an embedded account.
 */
final class WorkspaceSignInWithProvider implements AuthenticationSuccessHandler {

    private final TokenCallers callers;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    WorkspaceSignInWithProvider(TokenCallers callers) {
        this.callers = callers;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        if (!(authentication.getPrincipal() instanceof OidcUser person)) {
            response.sendRedirect(request.getContextPath() + "/workspace/login?failed");
            return;
        }
        Caller caller = callers.caller(person.getSubject(), person.getClaims());
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller));
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        response.sendRedirect(request.getContextPath() + "/workspace");
    }
}
