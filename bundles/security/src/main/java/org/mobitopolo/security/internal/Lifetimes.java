package org.mobitopolo.security.internal;

import java.time.Duration;
import java.time.Instant;
import org.mobitopolo.api.security.Role;

/**
 * How long a session lives: it ends when unused for {@code idle}, and at {@code absolute} after its
 * login whatever its use. A peer's session (another host's credential) never idles out: hosts may
 * call each other rarely.
 */
record Lifetimes(Duration idle, Duration absolute) {
    Lifetimes {
        if (idle.isNegative() || idle.isZero() || absolute.isNegative() || absolute.isZero()) {
            throw new IllegalArgumentException("session lifetimes must be positive: idle " + idle + ", absolute " + absolute);
        }
    }

    Instant expires(Instant created) {
        return created.plus(absolute);
    }

    /** When a session of this role, last used at {@code lastSeen}, ends unless used again. */
    Instant idleExpires(Role role, Instant lastSeen, Instant expires) {
        if (role == Role.PEER) {
            return expires;
        }
        Instant idleEnd = lastSeen.plus(idle);
        return idleEnd.isBefore(expires) ? idleEnd : expires;
    }

    /** Whether a session of this role, ending at {@code expires} and last used at {@code lastSeen}, is open at {@code now}. */
    boolean isOpen(Role role, Instant expires, Instant lastSeen, Instant now) {
        return now.isBefore(idleExpires(role, lastSeen, expires));
    }
}
