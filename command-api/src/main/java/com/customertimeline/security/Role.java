package com.customertimeline.security;

/**
 * The five kinds of caller the service tells apart (issue 11's table; ADR 0013). A principal may hold
 * several, e.g. an admin who is also an auditor.
 */
public enum Role {
    /** Internal apps (shop, call centre, billing, ticketing): every command, summary and timeline reads. */
    APP,
    /** A rep: the customers they own now, acting only as themselves. */
    REP,
    /** A team lead: what a rep may, for every customer owned by a rep of the team. */
    MANAGER,
    /** Reads everything, including the past ({@code asOf}) and the read-access log; writes nothing. */
    AUDITOR,
    /** Accounts, API clients, processors and operations; no customer data unless also a business role. */
    ADMIN;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
