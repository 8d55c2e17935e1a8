package org.mobitopolo.api.security;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An open session. It never holds its token: only whoever logged in has that.
 *
 * @param id the session's public id, to list and revoke it by
 * @param user the JAAS user who logged in
 * @param role the platform role the user's JAAS roles map to
 * @param clientAddress the address the login came from
 * @param created when the user logged in
 * @param lastSeen when the session was last used (written to the store every few seconds, not per request)
 * @param idleExpires when it ends unless used before
 * @param expires when it ends whatever its use (absolute expiry)
 */
public record Session(String id, String user, Role role, String clientAddress, Instant created, Instant lastSeen,
        Instant idleExpires, Instant expires) {
    /** Checks that no part is missing. */
    public Session {
        requireNonNull(id, "id");
        requireNonNull(user, "user");
        requireNonNull(role, "role");
        requireNonNull(clientAddress, "clientAddress");
        requireNonNull(created, "created");
        requireNonNull(lastSeen, "lastSeen");
        requireNonNull(idleExpires, "idleExpires");
        requireNonNull(expires, "expires");
    }
}
