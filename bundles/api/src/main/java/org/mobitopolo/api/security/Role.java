package org.mobitopolo.api.security;

import java.util.Locale;

/**
 * The platform's roles, each including the ones before it: an operator may do what a viewer may, an
 * admin what an operator may.
 */
public enum Role {
    /** Reads everything. */
    VIEWER,
    /** Also runs the platform's work: VMs, networks, tunnels, migrations, snapshots, benchmarks, the proxy. */
    OPERATOR,
    /**
     * Another Mobitopolo host: what an operator may (it moves VMs here, and drives this host for a
     * controller), granted to a host rather than a person by a token this host issued
     * ({@link Sessions#issuePeerToken}); never given by a login.
     */
    PEER,
    /** Also administers it: features, proxy users, sessions, configuration. */
    ADMIN;

    /** Whether this role allows what {@code needed} allows. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role's name as users write it: {@code viewer}, {@code operator}, {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
