package org.mobitopolo.security.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a session lives: it ends when unused for {@code idle}, and at {@code absolute} after its
 * login whatever its use.
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

    Instant idleExpires(Instant lastSeen) {
        return lastSeen.plus(idle);
    }

    /** Whether a session created and last used at these times is still open at {@code now}. */
    boolean isOpen(Instant expires, Instant lastSeen, Instant now) {
        return now.isBefore(expires) && now.isBefore(idleExpires(lastSeen));
    }
}
