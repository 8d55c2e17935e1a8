package org.mobitopolo.api.security;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The credentials this host presents to other Mobitopolo hosts: for each, a token that host issued
 * ({@link Sessions#issuePeerToken} there), kept in the platform's store. The migration engine's calls
 * to a target carry it, as will a controller's calls to its hosts.
 */
@ProviderType
public interface PeerCredentials {
    /**
     * Keeps {@code token} as the credential for the host at {@code url}, replacing any earlier one,
     * once that host has accepted it (asked who the token is, over its REST endpoint).
     *
     * @throws PlatformException {@code BAD_REQUEST} for a URL that is not {@code http(s)://host[:port]}
     *     or a token the host refuses; {@code UNAVAILABLE} when the host cannot be reached or the
     *     store cannot be written
     */
    Peer add(URI url, String token);

    /** The hosts this one holds a credential for, by URL. */
    List<Peer> list();

    /**
     * Forgets the credential for a host.
     *
     * @return whether there was one
     */
    boolean remove(URI url);

    /** The value of the {@code Authorization} header for calls to {@code url}; empty when no credential is kept for it. */
    Optional<String> authorization(URI url);
}
