package org.mobitopolo.api.security;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One state-changing call as the audit trail keeps it: who, from where, what, and what it was answered.
 * It never holds a password, a token or a request body.
 *
 * @param id the trail's number for the entry, assigned when it is stored; {@code 0} in an entry not
 *     stored yet (as given to {@link AuditTrail#record})
 * @param at when the call was answered
 * @param user the caller's user name; {@code -} for a call without a session, and for a login the
 *     user it logged in ({@code unknown} when it failed)
 * @param role the caller's platform role ({@code viewer}, {@code operator}, {@code admin}), or
 *     {@code -} when the call came without a session
 * @param clientAddress the address the call came from
 * @param action the method and path, e.g. {@code POST /api/v1/vms} (no query string)
 * @param status the HTTP status the call was answered with
 * @param detail for a failure, the problem's detail as the caller read it; empty for a success
 */
public record AuditEntry(long id, Instant at, String user, String role, String clientAddress, String action, int status,
        String detail) {
    /** Checks that no part is missing. */
    public AuditEntry {
        requireNonNull(at, "at");
        requireNonNull(user, "user");
        requireNonNull(role, "role");
        requireNonNull(clientAddress, "clientAddress");
        requireNonNull(action, "action");
        requireNonNull(detail, "detail");
    }
}
