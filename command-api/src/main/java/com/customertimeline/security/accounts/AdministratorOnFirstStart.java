package com.customertimeline.security.accounts;

import com.customertimeline.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The embedded default's first start creates the account {@code admin}, so a new installation can be
 * signed into without any outside identity provider. Its password is {@code TIMELINE_ADMIN_PASSWORD}
 * when set; otherwise one is generated and printed once to the log (the only secret the service ever
 * logs). Later starts find accounts and do nothing.
 */
@Component
class AdministratorOnFirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdministratorOnFirstStart.class);
    static final String ADMIN = "admin";

    private final AccountStore accounts;
    private final AccountAdministration administration;
    private final SecurityProperties properties;
    private final String givenPassword;

    AdministratorOnFirstStart(
            AccountStore accounts,
            AccountAdministration administration,
            SecurityProperties properties,
            @Value("${TIMELINE_ADMIN_PASSWORD:}") String givenPassword) {
        this.accounts = accounts;
        this.administration = administration;
        this.properties = properties;
        this.givenPassword = givenPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.mode() != SecurityProperties.Mode.EMBEDDED || !accounts.isEmpty()) {
            return;
        }
        if (!givenPassword.isEmpty()) {
            if (givenPassword.length() < AccountAdministration.MIN_PASSWORD_LENGTH) {
                throw new IllegalStateException("TIMELINE_ADMIN_PASSWORD must have at least "
                        + AccountAdministration.MIN_PASSWORD_LENGTH + " characters");
            }
            administration.createAdministrator(ADMIN, givenPassword);
            log.warn("First start: created the account '{}' with the password from TIMELINE_ADMIN_PASSWORD", ADMIN);
            return;
        }
        String password = AccountAdministration.newSecret();
        administration.createAdministrator(ADMIN, password);
        log.warn(
                "First start: created the account '{}' with the generated password {} — it is shown only this once;"
                        + " sign in and create your own accounts (README: Signing in)",
                ADMIN,
                password);
    }
}
