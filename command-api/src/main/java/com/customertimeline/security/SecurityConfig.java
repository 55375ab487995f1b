package com.customertimeline.security;

import com.customertimeline.app.StorageConfig.RelationalStoreChecked;
import com.customertimeline.security.access.CustomerAccess;
import com.customertimeline.security.accounts.AccountAuthenticationProvider;
import com.customertimeline.security.accounts.AccountStore;
import com.customertimeline.security.tokens.EmbeddedTokenIssuer;
import com.customertimeline.security.tokens.TokenCallers;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every request's rule, in one table (ADR 0013): who may call each endpoint, and for reps and managers
 * which customers and reps they reach. Anything not listed is refused: a mapped endpoint without a rule
 * is 403 for everyone (the access-matrix test finds it), an unknown path is 404 for a signed-in caller.
 * The API is stateless (HTTP Basic or a bearer token on every request), so it keeps no session and
 * needs no CSRF token.
 */
@Configuration
public class SecurityConfig {

    /** Where the workspace sends a person to sign in at a configured identity provider: + its registration id. */
    public static final String WORKSPACE_PROVIDER_SIGN_IN = "/workspace/oauth2/authorization";

    /**
     * No Micrometer observation around every filter of the chain: measured at 8 % of a request's CPU on
     * the command path, for spans nobody collects. Authentication failures are still logged and refused.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    EmbeddedTokenIssuer embeddedTokenIssuer(
            JdbcTemplate jdbc, RelationalStoreChecked postgres, SecurityProperties properties, Clock clock) {
        return new EmbeddedTokenIssuer(jdbc, postgres, properties, clock);
    }

    /** Tokens of the embedded issuer, or of the configured identity provider in {@code oidc} mode. */
    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties, EmbeddedTokenIssuer embedded) {
        NimbusJwtDecoder decoder;
        String issuer;
        String audience;
        if (properties.mode() == SecurityProperties.Mode.OIDC) {
            SecurityProperties.Oidc oidc = properties.oidc();
            if (oidc.issuer() == null || oidc.jwkSetUri() == null) {
                throw new IllegalStateException(
                        "timeline.security.mode=oidc needs timeline.security.oidc.issuer and .jwk-set-uri");
            }
            decoder =
                    NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri().toString()).build();
            issuer = oidc.issuer();
            audience = oidc.audience();
        } else {
            decoder = (NimbusJwtDecoder) embedded.decoder();
            issuer = SecurityProperties.EMBEDDED_ISSUER;
            audience = SecurityProperties.EMBEDDED_AUDIENCE;
        }
        // the issuer stays a string: Spring's default converts it to a URL, and the embedded issuer is a
        // URN, which failed that conversion (and built an exception) on every request
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, iss -> iss)));
        OAuth2TokenValidator<Jwt> audienceValidator =
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience));
        decoder.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), audienceValidator));
        return decoder;
    }

    /**
     * The rep workspace (ADR 0015): people sign in with a form and keep a session, so its forms carry a
     * CSRF token. The same {@link Caller} and the same scope rules as the API decide what a page shows;
     * a refusal is a page, never a stack trace.
     */
    @Bean
    @Order(1)
    SecurityFilterChain workspace(
            HttpSecurity http,
            SecurityProperties properties,
            AccountStore accounts,
            PasswordEncoder encoder,
            CustomerAccess access,
            ObjectProvider<ClientRegistrationRepository> providers,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping endpoints)
            throws Exception {
        Rules rules = new Rules(access);
        http.securityMatcher("/workspace", "/workspace/**", "/webjars/**");
        if (properties.mode() == SecurityProperties.Mode.EMBEDDED) {
            http.authenticationProvider(new AccountAuthenticationProvider(accounts, encoder))
                    .formLogin(form -> form.loginPage("/workspace/login")
                            .loginProcessingUrl("/workspace/login")
                            .defaultSuccessUrl("/workspace", false)
                            .failureUrl("/workspace/login?failed")
                            .permitAll());
        } else if (providers.getIfAvailable() != null) {
            // people sign in at the company's identity provider (authorization code); the ID token's
            // claims name the caller as the access tokens' do on the API
            http.oauth2Login(login -> login.loginPage("/workspace/login")
                    .authorizationEndpoint(endpoint -> endpoint.baseUri(WORKSPACE_PROVIDER_SIGN_IN))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri("/workspace/oauth2/code/*"))
                    .successHandler(new WorkspaceSignInWithProvider(new TokenCallers(properties.claims(), null)))
                    .failureUrl("/workspace/login?failed"));
        }
        // one entry point for every sign-in mode: pages go to the sign-in page, htmx fragments tell htmx to
        // open it as a page
        http.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(new WorkspaceSignInEntryPoint()));
        // after signing in, return to the page that asked for it, never to a fragment that a page left
        // open (htmx polling a progress table) requested once the session had ended
        HttpSessionRequestCache pages = new HttpSessionRequestCache();
        pages.setRequestMatcher(request -> HttpMethod.GET.matches(request.getMethod())
                && request.getHeader("HX-Request") == null
                && request.getHeader("X-Requested-With") == null
                && !request.getRequestURI().startsWith(request.getContextPath() + "/workspace/assets/"));
        http.requestCache(cache -> cache.requestCache(pages));
        http.logout(logout -> logout.logoutUrl("/workspace/logout")
                        .logoutSuccessUrl("/workspace/login?signedOut")
                        .deleteCookies("JSESSIONID"))
                .exceptionHandling(exceptions -> exceptions.accessDeniedPage("/workspace/denied"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                                + " frame-ancestors 'none'; form-action 'self'")))
                .authorizeHttpRequests(requests -> requests
                        // the error pages the rules below forward to, and what the sign-in page needs
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/workspace/assets/**", "/webjars/**")
                        .permitAll()
                        .requestMatchers("/workspace/login", "/workspace/oauth2/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/workspace", "/workspace/", "/workspace/denied")
                        .authenticated()
                        // a rep's own portfolio and search (scoped by the caller), a manager's team
                        .requestMatchers(HttpMethod.GET, "/workspace/portfolio", "/workspace/search")
                        .hasAnyRole(Role.REP.name(), Role.MANAGER.name(), Role.AUDITOR.name())
                        .requestMatchers(HttpMethod.GET, "/workspace/team")
                        .hasRole(Role.MANAGER.name())
                        .requestMatchers(HttpMethod.GET, "/workspace/reps/{repId}")
                        .access(rules.readers(false, rules.repInScope(), Role.REP))
                        .requestMatchers(
                                HttpMethod.GET,
                                "/workspace/reps/{repId}/departure",
                                "/workspace/reps/{repId}/departure/**")
                        .access(rules.readers(false, rules.repInScope(), Role.MANAGER))
                        .requestMatchers(HttpMethod.POST, "/workspace/reps/{repId}/departure")
                        .access(rules.people(Role.MANAGER, rules.repInScope()))
                        // a customer: read within scope (the past only for auditors), write as the API allows
                        .requestMatchers(
                                HttpMethod.GET,
                                "/workspace/customers/{customerId}",
                                "/workspace/customers/{customerId}/**")
                        .access(rules.readers(false, rules.customerInScope(), Role.REP))
                        .requestMatchers(HttpMethod.POST, "/workspace/customers/{customerId}/owner")
                        .access(rules.people(Role.MANAGER, rules.customerInScope()))
                        .requestMatchers(HttpMethod.POST, "/workspace/customers/{customerId}/**")
                        .access(rules.people(Role.REP, rules.customerInScope()))
                        .requestMatchers(HttpMethod.GET, "/workspace/audit/**")
                        .hasRole(Role.AUDITOR.name())
                        .requestMatchers(
                                HttpMethod.POST, "/workspace/audit/verifications", "/workspace/audit/checkpoints")
                        .hasRole(Role.AUDITOR.name())
                        // the processors and their replays: watched by auditors, started by administrators
                        .requestMatchers(HttpMethod.GET, "/workspace/processors", "/workspace/processors/progress")
                        .hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                        .requestMatchers(HttpMethod.POST, "/workspace/processors/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .access(rules.unmappedOnly(endpoints)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(
            HttpSecurity http,
            SecurityProperties properties,
            AccountStore accounts,
            PasswordEncoder encoder,
            JwtDecoder jwtDecoder,
            CustomerAccess access,
            ObjectMapper json,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping endpoints)
            throws Exception {
        boolean embedded = properties.mode() == SecurityProperties.Mode.EMBEDDED;
        SecurityProblems problems = new SecurityProblems(json, embedded);
        Rules rules = new Rules(access);
        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .jwt(jwt -> jwt.decoder(jwtDecoder)
                                .jwtAuthenticationConverter(
                                        new TokenCallers(properties.claims(), embedded ? accounts : null))));
        if (embedded) {
            http.authenticationProvider(new AccountAuthenticationProvider(accounts, encoder))
                    .httpBasic(basic -> basic.authenticationEntryPoint(problems));
        }
        http.authorizeHttpRequests(requests -> requests
                // open: probes (without details), the API's description, the error page
                .requestMatchers(HttpMethod.GET, "/actuator/health/liveness", "/actuator/health/readiness")
                .permitAll()
                .requestMatchers(
                        HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                .permitAll()
                .requestMatchers("/error")
                .permitAll()
                // operations and administration; auditors watch the processors (a replay's progress) and
                // compare the read models' fingerprints with a replay's
                .requestMatchers(
                        HttpMethod.GET,
                        "/api/v1/admin/processors",
                        "/api/v1/admin/processors/{name}",
                        "/api/v1/admin/read-models",
                        "/api/v1/admin/read-models/rebuild")
                .hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                .requestMatchers("/actuator/**", "/api/v1/admin/**")
                .hasRole(Role.ADMIN.name())
                .requestMatchers(HttpMethod.POST, "/api/v1/auth/token")
                .authenticated()
                .requestMatchers(HttpMethod.GET, "/api/v1/me")
                .authenticated()
                // tamper evidence (ADR 0014): auditors only; ADMIN operates the service, it does not audit it
                .requestMatchers(HttpMethod.POST, "/api/v1/audit/checkpoints", "/api/v1/audit/verifications")
                .hasRole(Role.AUDITOR.name())
                .requestMatchers(
                        HttpMethod.GET,
                        "/api/v1/audit/checkpoints",
                        "/api/v1/audit/checkpoints/consistency",
                        "/api/v1/audit/public-key",
                        "/api/v1/audit/events",
                        "/api/v1/audit/verifications",
                        "/api/v1/audit/verifications/{id}")
                .hasRole(Role.AUDITOR.name())
                .requestMatchers(HttpMethod.GET, "/api/v1/audit/**")
                .hasRole(Role.AUDITOR.name())
                // a person's own data (erasure, subject-access export; ADR 0017): administrators only
                .requestMatchers(HttpMethod.POST, "/api/v1/customers/{customerId}/erasure")
                .hasRole(Role.ADMIN.name())
                .requestMatchers(HttpMethod.GET, "/api/v1/customers/{customerId}/personal-data")
                .hasRole(Role.ADMIN.name())
                // bulk import of history: apps and administrators (migration from another CRM)
                .requestMatchers(HttpMethod.POST, "/api/v1/imports")
                .hasAnyRole(Role.APP.name(), Role.ADMIN.name())
                .requestMatchers(HttpMethod.GET, "/api/v1/imports/{importId}")
                .hasAnyRole(Role.APP.name(), Role.ADMIN.name())
                // commands only apps send
                .requestMatchers(HttpMethod.POST, "/api/v1/reps", "/api/v1/customers")
                .hasRole(Role.APP.name())
                .requestMatchers(HttpMethod.PATCH, "/api/v1/customers/{customerId}/card")
                .hasRole(Role.APP.name())
                .requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/customers/{customerId}/purchases",
                        "/api/v1/customers/{customerId}/complaints")
                .hasRole(Role.APP.name())
                // commands a rep sends for their own customers (as themselves), a manager for the team's
                .requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/customers/{customerId}/interactions",
                        "/api/v1/customers/{customerId}/follow-ups/{interactionId}/completion",
                        "/api/v1/customers/{customerId}/complaints/{complaintId}/responses",
                        "/api/v1/customers/{customerId}/complaints/{complaintId}/resolution",
                        "/api/v1/customers/{customerId}/handover/acknowledgement")
                .access(rules.appOr(Role.REP, rules.customerInScope()))
                .requestMatchers(HttpMethod.PUT, "/api/v1/customers/{customerId}/owner")
                .access(rules.appOr(Role.MANAGER, rules.customerInScope()))
                .requestMatchers(HttpMethod.POST, "/api/v1/reps/{repId}/departure")
                .access(rules.appOr(Role.MANAGER, rules.repInScope()))
                .requestMatchers(HttpMethod.GET, "/api/v1/reps/{repId}/departure")
                .access(rules.readers(true, rules.repInScope(), Role.MANAGER))
                // reads
                .requestMatchers(HttpMethod.GET, "/api/v1/customers")
                .hasAnyRole(Role.APP.name(), Role.REP.name(), Role.MANAGER.name(), Role.AUDITOR.name())
                .requestMatchers(
                        HttpMethod.GET, "/api/v1/customers/{customerId}", "/api/v1/customers/{customerId}/timeline")
                .access(rules.readers(true, rules.customerInScope(), Role.REP))
                .requestMatchers(HttpMethod.GET, "/api/v1/customers/{customerId}/handover")
                .access(rules.readers(false, rules.customerInScope(), Role.REP))
                .requestMatchers(HttpMethod.GET, "/api/v1/reps/{repId}/customers", "/api/v1/reps/{repId}/handovers")
                .access(rules.readers(false, rules.repInScope(), Role.REP))
                // everything else: a mapped endpoint without a rule above is refused; an unknown path is a 404
                .anyRequest()
                .access(rules.unmappedOnly(endpoints)));
        return http.build();
    }

    /** The access decisions the table above is made of. */
    static final class Rules {

        private final CustomerAccess access;

        Rules(CustomerAccess access) {
            this.access = access;
        }

        BiPredicate<Caller, RequestAuthorizationContext> customerInScope() {
            return (caller, context) ->
                    access.reachesCustomer(caller, context.getVariables().get("customerId"));
        }

        BiPredicate<Caller, RequestAuthorizationContext> repInScope() {
            return (caller, context) ->
                    access.reachesRep(caller, context.getVariables().get("repId"));
        }

        /** Apps always; reps (or managers, as given) within their scope. */
        AuthorizationManager<RequestAuthorizationContext> appOr(
                Role scopedRole, BiPredicate<Caller, RequestAuthorizationContext> inScope) {
            return (authentication, context) -> decide(
                    authentication,
                    caller -> caller.has(Role.APP)
                            || ((caller.has(scopedRole) || caller.has(Role.MANAGER)) && inScope.test(caller, context)));
        }

        /** Reps (or managers, as given) within their scope; managers within their team. No app signs in here. */
        AuthorizationManager<RequestAuthorizationContext> people(
                Role scopedRole, BiPredicate<Caller, RequestAuthorizationContext> inScope) {
            return (authentication, context) -> decide(
                    authentication,
                    caller -> (caller.has(scopedRole) || caller.has(Role.MANAGER)) && inScope.test(caller, context));
        }

        /**
         * Auditors always, apps where they may read ({@code appsToo}), reps or managers within scope. A
         * reconstruction of the past ({@code asOf}) is for auditors only.
         */
        AuthorizationManager<RequestAuthorizationContext> readers(
                boolean appsToo, BiPredicate<Caller, RequestAuthorizationContext> inScope, Role scopedRole) {
            return (authentication, context) -> decide(authentication, caller -> {
                if (caller.has(Role.AUDITOR)) {
                    return true;
                }
                String asOf = context.getRequest().getParameter("asOf");
                if (asOf != null && !asOf.isBlank()) {
                    return false; // a blank asOf is "now", as the read endpoints take it
                }
                if (appsToo && caller.has(Role.APP)) {
                    return true;
                }
                return (caller.has(scopedRole) || caller.has(Role.MANAGER)) && inScope.test(caller, context);
            });
        }

        /** Signed-in callers reach the 404 of an unknown path; a mapped endpoint without a rule is refused. */
        AuthorizationManager<RequestAuthorizationContext> unmappedOnly(RequestMappingHandlerMapping endpoints) {
            return (authentication, context) -> {
                Authentication current = authentication.get();
                if (current == null || !(current.getPrincipal() instanceof Caller)) {
                    return new AuthorizationDecision(false);
                }
                return new AuthorizationDecision(!mapped(endpoints, context.getRequest()));
            };
        }

        private static boolean mapped(RequestMappingHandlerMapping endpoints, HttpServletRequest request) {
            try {
                return endpoints.getHandler(request) != null;
            } catch (Exception wrongMethodOrMediaType) {
                // mapped for another method or media type: no handler runs, Spring MVC answers 405/406/415
                return false;
            }
        }

        private static AuthorizationDecision decide(
                java.util.function.Supplier<Authentication> authentication, java.util.function.Predicate<Caller> rule) {
            Authentication current = authentication.get();
            if (current != null && current.getPrincipal() instanceof Caller caller) {
                return new AuthorizationDecision(rule.test(caller));
            }
            return new AuthorizationDecision(false);
        }
    }
}
