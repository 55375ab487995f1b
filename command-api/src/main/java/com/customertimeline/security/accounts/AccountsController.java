package com.customertimeline.security.accounts;

import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Accounts (people) and API clients (apps) of the embedded default; admins only. */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Accounts and API clients (admin)")
public class AccountsController {

    private final AccountAdministration administration;
    private final AccountStore accounts;

    AccountsController(AccountAdministration administration, AccountStore accounts) {
        this.administration = administration;
        this.accounts = accounts;
    }

    public record NewAccount(String id, String password, Set<Role> roles, String repId, String team) {}

    public record NewClient(String id, Set<Role> roles) {}

    public record Enabled(Boolean enabled) {}

    /** An account or client as admins see it: never its hash. */
    public record AccountView(
            String id,
            Caller.Kind kind,
            Set<Role> roles,
            String repId,
            String team,
            boolean enabled,
            Instant createdAt,
            String createdBy) {
        static AccountView of(Account account) {
            return new AccountView(
                    account.id(),
                    account.kind(),
                    account.roles(),
                    account.repId(),
                    account.team(),
                    account.enabled(),
                    account.createdAt(),
                    account.createdBy());
        }
    }

    public record IssuedClientView(AccountView client, String secret) {}

    @PostMapping("/accounts")
    @Operation(summary = "Create a person's account (reps and managers name their repId; managers their team)")
    public ResponseEntity<AccountView> createAccount(@RequestBody NewAccount request) {
        Account account = administration.createPerson(
                request.id(),
                request.password(),
                request.roles(),
                request.repId(),
                request.team(),
                Caller.require().principal());
        return ResponseEntity.created(URI.create("/api/v1/admin/accounts/" + account.id()))
                .body(AccountView.of(account));
    }

    @GetMapping("/accounts")
    @Operation(summary = "List people's accounts")
    public List<AccountView> accounts() {
        return accounts.all(Caller.Kind.PERSON).stream().map(AccountView::of).toList();
    }

    @PostMapping("/clients")
    @Operation(summary = "Create an API client (an app); its secret is in this answer only")
    public ResponseEntity<IssuedClientView> createClient(@RequestBody NewClient request) {
        AccountAdministration.IssuedClient issued = administration.createClient(
                request.id(), request.roles(), Caller.require().principal());
        return ResponseEntity.created(
                        URI.create("/api/v1/admin/clients/" + issued.client().id()))
                .body(new IssuedClientView(AccountView.of(issued.client()), issued.secret()));
    }

    @GetMapping("/clients")
    @Operation(summary = "List API clients")
    public List<AccountView> clients() {
        return accounts.all(Caller.Kind.CLIENT).stream().map(AccountView::of).toList();
    }

    @PutMapping("/accounts/{id}/enabled")
    @Operation(summary = "Enable or disable an account or a client (disabled: every request is 401)")
    public AccountView setEnabled(@PathVariable String id, @RequestBody Enabled request) {
        if (request.enabled() == null) {
            throw new com.customertimeline.api.InvalidRequestException("enabled", "must be true or false");
        }
        administration.setEnabled(id, request.enabled(), Caller.require());
        return AccountView.of(accounts.find(id).orElseThrow());
    }
}
