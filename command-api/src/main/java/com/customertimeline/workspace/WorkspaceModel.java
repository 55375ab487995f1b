package com.customertimeline.workspace;

import com.customertimeline.projections.web.BadReadParameterException;
import com.customertimeline.projections.web.ReadModelBehindException;
import com.customertimeline.projections.web.ReadNotFoundException;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every workspace page knows: who reads it, in which language and time zone, and how to switch
 * language. Failures become pages in the reader's language with the right status: a customer outside a
 * rep's scope is "not yours" (403), an unknown one "not found" (404), never a stack trace.
 */
@ControllerAdvice(basePackageClasses = WorkspaceModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WorkspaceModel {

    /** The cookie in which the browser reports its IANA time zone (set by {@code app.js}). */
    static final String ZONE_COOKIE = "timeline-tz";

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static final Logger log = LoggerFactory.getLogger(WorkspaceModel.class);

    @ModelAttribute("fmt")
    Formats formats(HttpServletRequest request) {
        return formatsOf(request);
    }

    @ModelAttribute("me")
    Caller me() {
        return Caller.current().orElse(null);
    }

    @ModelAttribute("nav")
    Navigation navigation(HttpServletRequest request) {
        return navigationOf(request);
    }

    @ExceptionHandler(ReadNotFoundException.class)
    ModelAndView notFound(ReadNotFoundException e, HttpServletRequest request, HttpServletResponse response) {
        return problemPage(request, response, 404, "problem.not-found", e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView refused(AccessDeniedException e, HttpServletRequest request, HttpServletResponse response) {
        return problemPage(request, response, 403, "problem.forbidden", null);
    }

    @ExceptionHandler({
        BadReadParameterException.class,
        IllegalArgumentException.class,
        DateTimeException.class,
        BindException.class,
        TypeMismatchException.class,
        ServletRequestBindingException.class
    })
    ModelAndView badInput(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String detail = e instanceof BindException bind
                ? String.join(
                        ", ",
                        bind.getFieldErrors().stream()
                                .map(error -> error.getField())
                                .distinct()
                                .toList())
                : e instanceof TypeMismatchException mismatch ? mismatch.getPropertyName() : e.getMessage();
        return problemPage(request, response, 400, "problem.bad-input", detail);
    }

    @ExceptionHandler(ReadModelBehindException.class)
    ModelAndView behind(ReadModelBehindException e, HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(
                "Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        return problemPage(request, response, 503, "problem.behind", null);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception e, HttpServletRequest request, HttpServletResponse response) {
        log.error("workspace page {} failed", request.getRequestURI(), e);
        return problemPage(request, response, 500, "problem.internal", null);
    }

    /** A page that says what went wrong, in the reader's language, with the status the failure deserves. */
    static ModelAndView problemPage(
            HttpServletRequest request, HttpServletResponse response, int status, String messageKey, String detail) {
        response.setStatus(status);
        ModelAndView page = new ModelAndView("workspace/problem");
        page.addObject("status", status);
        page.addObject("messageKey", messageKey);
        page.addObject("detail", detail);
        page.addObject("fmt", formatsOf(request));
        page.addObject("me", Caller.current().orElse(null));
        page.addObject("nav", navigationOf(request));
        return page;
    }

    static Formats formatsOf(HttpServletRequest request) {
        Locale locale = WorkspaceWebConfig.supported(RequestContextUtils.getLocale(request));
        return new Formats(locale, zoneOf(request));
    }

    private static ZoneId zoneOf(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (ZONE_COOKIE.equals(cookie.getName())) {
                    try {
                        return ZoneId.of(
                                java.net.URLDecoder.decode(cookie.getValue(), java.nio.charset.StandardCharsets.UTF_8));
                    } catch (DateTimeException | IllegalArgumentException unknownZone) {
                        return UTC;
                    }
                }
            }
        }
        return UTC;
    }

    static Navigation navigationOf(HttpServletRequest request) {
        String here =
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        UriComponentsBuilder switcher = UriComponentsBuilder.fromUriString(here).replaceQueryParam("lang");
        Caller caller = Caller.current().orElse(null);
        boolean rep = caller != null && caller.repId() != null && (caller.has(Role.REP) || caller.has(Role.MANAGER));
        return new Navigation(
                switcher.cloneBuilder().queryParam("lang", "en").build().toUriString(),
                switcher.cloneBuilder().queryParam("lang", "zh-CN").build().toUriString(),
                rep,
                caller != null && caller.has(Role.MANAGER),
                caller != null && caller.has(Role.AUDITOR),
                caller != null && (caller.has(Role.AUDITOR) || caller.has(Role.ADMIN)),
                caller != null && (rep || caller.has(Role.AUDITOR)));
    }

    /**
     * The header's links: the current page in the other language, and the sections the reader may open.
     *
     * @param english this page in English
     * @param chinese this page in Simplified Chinese
     * @param processors the event processors and their replays (auditors and administrators)
     */
    public record Navigation(
            String english,
            String chinese,
            boolean portfolio,
            boolean team,
            boolean audit,
            boolean processors,
            boolean search) {}
}
