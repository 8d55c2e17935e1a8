package org.mobitopolo.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows password guessing, per user and per client address. Each key may fail {@code FREE} times;
 * then every further failure makes it wait, 1 s after the first, doubling each time, but never more
 * than {@code MAX_WAIT}. While a key waits, its attempts are refused before any password is checked
 * and do not count, so hammering does not lengthen the wait: whoever has the right password gets in
 * at most {@code MAX_WAIT} after the attacker's latest counted guess. A success clears the user and
 * the address; a key that has not failed for {@code FORGET} starts afresh.
 *
 * <p>Counts are kept in memory, per runtime.
 */
final class LoginThrottle {
    static final int FREE = 3;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final Duration FORGET = Duration.ofMinutes(15);

    private record Failures(int count, Instant last, Instant until) {}

    private final Clock clock;
    private final ConcurrentMap<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long an attempt of this user from this address must still wait; empty when it may go ahead. */
    Optional<Duration> waitFor(String user, String address) {
        Instant now = clock.instant();
        Duration wait = max(remaining(userKey(user), now), remaining(addressKey(address), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        failures.compute(userKey(user), (k, f) -> next(f, now));
        failures.compute(addressKey(address), (k, f) -> next(f, now));
    }

    void succeeded(String user, String address) {
        failures.remove(userKey(user));
        failures.remove(addressKey(address));
    }

    /** Forgets keys quiet for {@link #FORGET}, so that guessed user names do not pile up. */
    void purge() {
        Instant now = clock.instant();
        failures.values().removeIf(f -> forgotten(f, now));
    }

    int size() {
        return failures.size();
    }

    private Duration remaining(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || forgotten(f, now) || !now.isBefore(f.until())) {
            return Duration.ZERO;
        }
        return Duration.between(now, f.until());
    }

    private static Failures next(Failures f, Instant now) {
        int count = f == null || forgotten(f, now) ? 1 : f.count() + 1;
        return new Failures(count, now, now.plus(delay(count)));
    }

    /** The wait after the {@code count}th failure in a row. */
    static Duration delay(int count) {
        if (count <= FREE) {
            return Duration.ZERO;
        }
        int doublings = count - FREE - 1;
        // 2^5 s already exceeds the cap: no overflow whatever the count
        return doublings >= 5 ? MAX_WAIT : min(FIRST_WAIT.multipliedBy(1L << doublings), MAX_WAIT);
    }

    private static boolean forgotten(Failures f, Instant now) {
        return !now.isBefore(f.last().plus(FORGET));
    }

    private static String userKey(String user) {
        return "u:" + user;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
