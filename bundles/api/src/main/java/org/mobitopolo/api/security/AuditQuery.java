package org.mobitopolo.api.security;

import java.time.Instant;

/**
 * Which entries of the audit trail to list: the newest {@code limit} ones, optionally only one user's,
 * optionally only those since a time.
 *
 * @param limit how many entries at most, 1 to {@value #MAX_LIMIT}
 * @param user only this user's entries (exact name), or {@code null} for everyone's
 * @param since only entries at or after this time, or {@code null} for all kept
 */
public record AuditQuery(int limit, String user, Instant since) {
    /** The most entries one query answers. */
    public static final int MAX_LIMIT = 1000;

    /**
     * Checks the limit and the user.
     *
     * @throws IllegalArgumentException for a limit outside 1 to {@value #MAX_LIMIT} or a blank user
     */
    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (user != null && user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank; leave it out for everyone's entries");
        }
    }
}
