package com.customertimeline.api;

import com.customertimeline.app.TimelineProperties;
import com.customertimeline.domain.CommandRejectedException;
import com.customertimeline.domain.Rules;
import com.customertimeline.security.AccessRefusedException;
import com.customertimeline.security.ActingAs;
import com.customertimeline.security.Caller;
import com.customertimeline.security.Role;
import com.customertimeline.security.access.CustomerAccess;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.stereotype.Component;

/**
 * What every command endpoint does the same way: decide business time and generated ids outside the
 * aggregate (so aggregates stay deterministic), and send the command, returning only after its events
 * are stored.
 */
@Component
public class CommandSupport {

    /** The header in which an app names the person it acts for. */
    public static final String ON_BEHALF_OF = "On-Behalf-Of";

    /** How far in the future business time may lie, for callers whose clocks run a little fast. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final CommandGateway gateway;
    private final Clock clock;
    private final Duration timeout;
    private final CustomerAccess access;

    CommandSupport(CommandGateway gateway, Clock clock, TimelineProperties properties, CustomerAccess access) {
        this.gateway = gateway;
        this.clock = clock;
        this.timeout = properties.commandTimeout();
        this.access = access;
    }

    /**
     * A manager reassigns only to a rep of their own team; apps to any active rep, and so do
     * administrators importing history.
     */
    void requireReassignableTo(String toRepId) {
        Caller caller = Caller.require();
        if (!ActingAs.namesAnyRep(caller) && !access.mayReceiveFromManager(caller, toRepId)) {
            throw new AccessRefusedException(
                    "outside-team", "toRepId", "you may reassign only to a rep of your team (" + caller.team() + ")");
        }
    }

    /** Business time of the command: the caller's, or now; never in the future, never before 1900. */
    public Instant businessTime(Instant occurredAt) {
        Instant now = clock.instant();
        if (occurredAt == null) {
            return now;
        }
        if (occurredAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidRequestException("occurredAt", "must not lie in the future");
        }
        if (occurredAt.isBefore(Rules.EARLIEST_BUSINESS_TIME)) {
            throw new InvalidRequestException("occurredAt", "must not lie before " + Rules.EARLIEST_BUSINESS_TIME);
        }
        return occurredAt;
    }

    /**
     * The caller's id, or a new one. With an Idempotency-Key the new id is derived from the key, so a
     * retry that is not recognised as one (e.g. after the key's answer was lost) still names the same
     * entity and is rejected as a duplicate instead of recording it twice.
     */
    static String idOrNew(String given, String idempotencyKey, String scope) {
        if (given != null) {
            return given;
        }
        if (idempotencyKey != null) {
            return UUID.nameUUIDFromBytes((scope + "|" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                    .toString();
        }
        return UUID.randomUUID().toString();
    }

    static void requirePathId(String value, String name) {
        if (value == null || !value.matches(Requests.ID)) {
            throw new InvalidRequestException(name, "must be 1-64 letters, digits or . _ : -");
        }
    }

    /**
     * Sends a command that opens a new stream. Customers and reps share one namespace of stream ids in
     * the event store, so an id taken by the other kind (or by a registration racing this one) makes the
     * first append fail; that is a conflict on the id, not a server error (ADR 0012).
     */
    long sendRegistration(Object command, String idField, String id, String onBehalfOf, String idempotencyKey) {
        try {
            return send(command, onBehalfOf, idempotencyKey);
        } catch (AggregateStreamCreationException e) {
            throw CommandRejectedException.conflict(
                    "id-taken", idField, "the id " + id + " is already taken by another customer or rep");
        }
    }

    /**
     * Refuses an {@code On-Behalf-Of} that a caller other than an app sends, or that is not 1-200
     * characters without control characters.
     */
    public static void requireValidOnBehalfOf(Caller caller, String onBehalfOf) {
        if (!caller.has(Role.APP)) {
            throw new InvalidRequestException(ON_BEHALF_OF, "only apps act on behalf of a person");
        }
        if (onBehalfOf.isBlank()
                || onBehalfOf.length() > 200
                || onBehalfOf.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(ON_BEHALF_OF, "must be 1-200 characters without control characters");
        }
    }

    /**
     * Sends the command and waits for the aggregate's new version. The actor recorded in the events'
     * metadata is the authenticated caller (principal, kind, roles); an app may name the person it acts
     * for ({@code On-Behalf-Of}), which is recorded beside the app, never instead of it.
     */
    public long send(Object command, String onBehalfOf, String idempotencyKey) {
        Caller caller = Caller.require();
        Map<String, Object> meta = new HashMap<>();
        meta.put("actor", caller.principal());
        meta.put("actorKind", caller.kind().name());
        meta.put("actorRoles", caller.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")));
        if (onBehalfOf != null) {
            requireValidOnBehalfOf(caller, onBehalfOf);
            meta.put("onBehalfOf", onBehalfOf);
        }
        if (idempotencyKey != null) {
            meta.put("idempotencyKey", idempotencyKey);
        }
        Object result = gateway.sendAndWait(
                GenericCommandMessage.asCommandMessage(command).withMetaData(MetaData.from(meta)),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        if (!(result instanceof Number version)) {
            throw new IllegalStateException("command handler returned " + result + " instead of a version");
        }
        return version.longValue();
    }
}
