package org.mobitopolo.api.security;

import static java.util.Objects.requireNonNull;

/**
 * What a successful login gives: the token, shown this once and never stored (the store keeps its
 * SHA-256), and the session it opens.
 *
 * @param token the opaque bearer token (256 random bits, base64url without padding)
 * @param session the new session
 */
public record Login(String token, Session session) {
    /** Checks that no part is missing. */
    public Login {
        requireNonNull(token, "token");
        requireNonNull(session, "session");
    }

    /** Never the token: records print their parts, and logs must not carry it. */
    @Override
    public String toString() {
        return "Login[session=" + session + "]";
    }
}
