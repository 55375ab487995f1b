package com.customertimeline.security;

import com.customertimeline.projections.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 in the same problem+json shape as every other error of the API. A 401 says how to
 * authenticate ({@code WWW-Authenticate}); a bearer token that failed is named as such (RFC 6750).
 */
public class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper json;
    private final boolean basicOffered;

    public SecurityProblems(ObjectMapper json, boolean basicOffered) {
        this.json = json;
        this.basicOffered = basicOffered;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        if (bearer || e instanceof InvalidBearerTokenException) {
            response.addHeader(
                    HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"the token is invalid, expired or not for"
                            + " this service\"");
            write(response, HttpStatus.UNAUTHORIZED, "invalid-token", "the bearer token was not accepted");
            return;
        }
        if (basicOffered) {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"customer-timeline\", charset=\"UTF-8\"");
        }
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        boolean credentialsGiven = authorization != null;
        write(
                response,
                HttpStatus.UNAUTHORIZED,
                credentialsGiven ? "bad-credentials" : "unauthenticated",
                credentialsGiven
                        ? "the credentials were not accepted"
                        : "sign in: HTTP Basic or a bearer token (README: Signing in)");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof AccessRefusedException refused) {
            write(response, HttpStatus.FORBIDDEN, refused.code(), refused.field(), refused.getMessage());
            return;
        }
        write(response, HttpStatus.FORBIDDEN, "forbidden", "your role does not allow this request");
    }

    private void write(HttpServletResponse response, HttpStatus status, String code, String detail) throws IOException {
        write(response, status, code, null, detail);
    }

    private void write(HttpServletResponse response, HttpStatus status, String code, String field, String detail)
            throws IOException {
        ProblemDetail problem = Problems.problem(status, code, field, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
