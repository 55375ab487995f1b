package com.customertimeline.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Where the workspace sends a person who is not signed in, whatever the sign-in mode (form, identity
 * provider, none configured). A page is redirected to the sign-in page. A fragment that htmx asks for
 * (a progress table polling every second, older timeline entries, the card's history) gets 401 with
 * {@code HX-Redirect}: htmx then opens the sign-in page as a page, instead of swapping it into the
 * fragment's place, which is what a plain redirect did when a session ended under an open page.
 */
public final class WorkspaceSignInEntryPoint implements AuthenticationEntryPoint {

    static final String SIGN_IN = "/workspace/login";
    static final String SESSION_ENDED = SIGN_IN + "?expired";

    private final LoginUrlAuthenticationEntryPoint page = new LoginUrlAuthenticationEntryPoint(SIGN_IN);

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException, ServletException {
        if (!"true".equals(request.getHeader("HX-Request"))) {
            page.commence(request, response, refused);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("HX-Redirect", request.getContextPath() + SESSION_ENDED);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("Not signed in: " + request.getContextPath() + SESSION_ENDED);
    }
}
