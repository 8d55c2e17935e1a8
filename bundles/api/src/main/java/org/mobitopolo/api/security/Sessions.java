package org.mobitopolo.api.security;

import java.time.Duration;
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

    /**
     * Opens a session for another Mobitopolo host, to present as its credential when it calls this
     * one ({@link PeerCredentials} on that host keeps it). Its role is {@link Role#PEER}, its user
     * {@code name}; unlike a login's it never ends for being idle, only at {@code validity} or when
     * revoked.
     *
     * @param name what the host is called here: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}
     * @param issuedFrom who issued it, e.g. the address of the admin's REST call or {@code console}
     * @throws PlatformException {@code BAD_REQUEST} for a bad name or a validity not between 1 and 3650 days
     */
    Login issuePeerToken(String name, Duration validity, String issuedFrom);

    /** Every open session on the store, most recently created first. */
    List<Session> list();

    /**
     * Ends a session by its id; every runtime refuses its token within 2 seconds.
     *
     * @return whether there was an open session of that id
     */
    boolean revoke(String id);
}
