package org.mobitopolo.api.security;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;

/**
 * Another Mobitopolo host this one holds a credential for: never the credential itself.
 *
 * @param url the host's REST endpoint, normalized to {@code scheme://host:port}
 * @param identity who the host said the credential is, when it was added: user and role, e.g. {@code host-a (peer)}
 * @param added when the credential was added here
 * @param expires when the host said the credential ends
 */
public record Peer(URI url, String identity, Instant added, Instant expires) {
    /** Checks that no part is missing. */
    public Peer {
        requireNonNull(url, "url");
        requireNonNull(identity, "identity");
        requireNonNull(added, "added");
        requireNonNull(expires, "expires");
    }
}
