package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

/**
 * A host a topology's nodes may run on.
 *
 * @param name the topology's name for it, e.g. {@code tokyo}
 * @param url the Mobitopolo runtime's base URL, e.g. {@code http://10.0.0.2:8181}, or {@link #LOCAL} for
 *     the runtime the controller runs in; calls to another host present the peer token this runtime
 *     keeps for that URL ({@code mobi:peer-add})
 */
public record TopologyHost(String name, String url) {
    /** The URL that names the controller's own runtime. */
    public static final String LOCAL = "local";

    /** Checks that no part is missing. */
    public TopologyHost {
        requireNonNull(name, "name");
        requireNonNull(url, "url");
    }

    /** Whether this is the controller's own runtime. */
    public boolean isLocal() {
        return LOCAL.equals(url);
    }
}
