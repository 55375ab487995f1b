package com.customertimeline.security.accounts;

import com.customertimeline.api.InvalidRequestException;
import com.customertimeline.api.Requests;
import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creating and disabling accounts and API clients. Passwords are chosen by people and must be long;
 * client secrets are generated here (256 random bits) and shown once, since only their hash is kept.
 */
@Service
public class AccountAdministration {

    static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_LENGTH = 72; // what BCrypt reads of a password
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountStore accounts;
    private final PasswordEncoder encoder;
    private final Clock clock;

    AccountAdministration(AccountStore accounts, PasswordEncoder encoder, Clock clock) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.clock = clock;
    }

    /** Creates a person's account; reps must name their rep id, managers their team. */
    public Account createPerson(
            String id, String password, Set<Role> roles, String repId, String team, String createdBy) {
        requireId(id, "id");
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidRequestException(
                    "password", "must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new InvalidRequestException("roles", "must name at least one of " + List.of(Role.values()));
        }
        if (roles.contains(Role.APP)) {
            throw new InvalidRequestException("roles", "APP is for API clients (POST /api/v1/admin/clients)");
        }
        if ((roles.contains(Role.REP) || roles.contains(Role.MANAGER)) && repId == null) {
            throw new InvalidRequestException("repId", "reps and managers must name the rep id they act as");
        }
        if (repId != null) {
            requireId(repId, "repId");
        }
        if (roles.contains(Role.MANAGER) && (team == null || team.isBlank())) {
            throw new InvalidRequestException("team", "a manager must name their team");
        }
        if (team != null && (team.isBlank() || team.length() > 200)) {
            throw new InvalidRequestException("team", "must be 1-200 characters");
        }
        Account account = new Account(
                id,
                Caller.Kind.PERSON,
                encoder.encode(password),
                EnumSet.copyOf(roles),
                repId,
                team,
                true,
                clock.instant(),
                createdBy);
        add(account);
        return account;
    }

    /** A new API client and its secret, which is not kept and cannot be shown again. */
    public record IssuedClient(Account client, String secret) {}

    public IssuedClient createClient(String id, Set<Role> roles, String createdBy) {
        requireId(id, "id");
        Set<Role> granted = roles == null || roles.isEmpty() ? EnumSet.of(Role.APP) : EnumSet.copyOf(roles);
        if (granted.contains(Role.REP) || granted.contains(Role.MANAGER)) {
            throw new InvalidRequestException("roles", "a client acts for the company, not as a rep");
        }
        String secret = newSecret();
        Account client = new Account(
                id, Caller.Kind.CLIENT, encoder.encode(secret), granted, null, null, true, clock.instant(), createdBy);
        add(client);
        return new IssuedClient(client, secret);
    }

    /** Creates the first administrator (start-up, empty account table). */
    Account createAdministrator(String id, String password) {
        Account admin = new Account(
                id,
                Caller.Kind.PERSON,
                encoder.encode(password),
                EnumSet.of(Role.ADMIN),
                null,
                null,
                true,
                clock.instant(),
                "first start");
        add(admin);
        return admin;
    }

    public void setEnabled(String id, boolean enabled, Caller by) {
        if (!enabled && id.equals(by.principal())) {
            throw CommandRejectedException.ruleViolated(
                    "own-account", "id", "an admin cannot disable their own account");
        }
        if (!accounts.setEnabled(id, enabled)) {
            throw CommandRejectedException.notFound("not-found", "id", "no account or client " + id);
        }
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void add(Account account) {
        if (!accounts.add(account)) {
            throw CommandRejectedException.conflict(
                    "id-taken", "id", "an account or client " + account.id() + " exists");
        }
    }

    private static void requireId(String value, String field) {
        if (value == null || !value.matches(Requests.ID)) {
            throw new InvalidRequestException(field, "must be 1-64 letters, digits or . _ : -");
        }
    }
}
