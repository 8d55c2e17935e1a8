package org.mobitopolo.api.security;

import java.util.List;
import java.util.Optional;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's sessions. A user logs in with the password of Karaf's JAAS realm {@code karaf} and
 * gets a token; every runtime on the same store accepts that token until it is logged out, revoked,
 * idle too long or too old.
 */
@ProviderType
public interface Sessions {
    /**
     * Checks a user's password against the JAAS realm {@code karaf} and opens a session with the
     * platform role the user's JAAS roles map to.
     *
     * @param clientAddress where the attempt comes from: failures slow further attempts per user and per address
     * @throws PlatformException {@code BAD_REQUEST} for a missing user or password, {@code UNAUTHORIZED}
     *     for a wrong user or password, {@code FORBIDDEN} for a user with no platform role,
     *     {@link LoginThrottledException} while the user or the address must wait, {@code UNAVAILABLE}
     *     while the store cannot be reached
     */
    Login login(String user, String password, String clientAddress);

    /**
     * The open session a token belongs to, and marks it used. Cheap enough for every request: it
     * answers from memory, checking with the store at most once a second per token.
     *
     * @return empty for an unknown, malformed, logged out, revoked or expired token
     */
    Optional<Session> authenticate(String token);

    /**
     * Ends the session of a token.
     *
     * @return whether there was an open session to end
     */
    boolean logout(String token);

    /** Every open session on the store, most recently created first. */
    List<Session> list();

    /**
     * Ends a session by its id; every runtime refuses its token within 2 seconds.
     *
     * @return whether there was an open session of that id
     */
    boolean revoke(String id);
}
