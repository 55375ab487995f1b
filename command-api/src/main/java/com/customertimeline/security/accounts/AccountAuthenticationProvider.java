package com.customertimeline.security.accounts;

import com.customertimeline.security.CallerAuthentication;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * HTTP Basic (and the token endpoint) against the account table: Spring Security's own password check
 * (hash comparison, the same work for unknown names, disabled accounts refused), answering with the
 * same {@link CallerAuthentication} a bearer token gives, so the rules after it do not care which way
 * a caller came in.
 */
public class AccountAuthenticationProvider extends DaoAuthenticationProvider {

    private final AccountStore accounts;

    public AccountAuthenticationProvider(AccountStore accounts, PasswordEncoder encoder) {
        super(details(accounts));
        setPasswordEncoder(encoder);
        this.accounts = accounts;
    }

    private static UserDetailsService details(AccountStore accounts) {
        return username -> accounts.find(username)
                .map(account -> (UserDetails) User.withUsername(account.id())
                        .password(account.secretHash())
                        .disabled(!account.enabled())
                        .authorities(account.roles().stream()
                                .map(role -> role.authority())
                                .toArray(String[]::new))
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

    @Override
    protected Authentication createSuccessAuthentication(
            Object principal, Authentication authentication, UserDetails user) {
        return accounts.find(user.getUsername())
                .map(account -> (Authentication) new CallerAuthentication(account.caller()))
                .orElseThrow(() -> new UsernameNotFoundException("account removed while signing in"));
    }
}
