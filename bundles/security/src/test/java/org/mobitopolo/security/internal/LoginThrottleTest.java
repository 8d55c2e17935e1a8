package org.mobitopolo.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void threeFailuresAreFreeThenTheWaitDoublesUpTo30Seconds() {
        List<Long> waits = IntStream.rangeClosed(1, 12).mapToObj(n -> LoginThrottle.delay(n).toSeconds()).toList();
        assertEquals(List.of(0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L), waits);
        assertEquals(Duration.ofSeconds(30), LoginThrottle.delay(Integer.MAX_VALUE));
    }

    @Test
    void aWaitingUserIsRefusedUntilItsWaitIsOver() {
        for (int i = 0; i < 4; i++) {
            assertEquals(Optional.empty(), throttle.waitFor("ann", "10.0.0.1"));
            throttle.failed("ann", "10.0.0.1");
        }
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.waitFor("ann", "10.0.0.1"));
        // the user's wait holds from any address; the address's for any user
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.waitFor("ann", "10.0.0.2"));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.waitFor("bob", "10.0.0.1"));
        assertEquals(Optional.empty(), throttle.waitFor("bob", "10.0.0.2"));
        clock.advance(Duration.ofMillis(999));
        assertEquals(Optional.of(Duration.ofMillis(1)), throttle.waitFor("ann", "10.0.0.1"));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), throttle.waitFor("ann", "10.0.0.1"));
    }

    @Test
    void aThousandWrongPasswordsLockTheOwnerOutForAtMostTheLongestWait() {
        for (int i = 0; i < 1000; i++) {
            // the attacker tries as fast as it is let; refused tries are not counted
            throttle.waitFor("ann", "203.0.113.9").ifPresent(clock::advance);
            throttle.failed("ann", "203.0.113.9");
        }
        Duration wait = throttle.waitFor("ann", "198.51.100.7").orElseThrow();
        assertTrue(wait.compareTo(LoginThrottle.MAX_WAIT) <= 0, wait.toString());
        clock.advance(wait);
        // the owner, from its own address, may try; and its success clears the user
        assertEquals(Optional.empty(), throttle.waitFor("ann", "198.51.100.7"));
        throttle.succeeded("ann", "198.51.100.7");
        assertEquals(Optional.empty(), throttle.waitFor("ann", "198.51.100.7"));
        // the attacker's address is still slowed for everyone it tries
        throttle.failed("bob", "203.0.113.9");
        assertEquals(Optional.of(LoginThrottle.MAX_WAIT), throttle.waitFor("carl", "203.0.113.9"));
    }

    @Test
    void hammeringDuringTheWaitDoesNotLengthenIt() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("ann", "a");
        }
        Duration first = throttle.waitFor("ann", "a").orElseThrow();
        for (int i = 0; i < 100; i++) {
            throttle.waitFor("ann", "a"); // what the sessions do with a refused try: nothing else
        }
        assertEquals(first, throttle.waitFor("ann", "a").orElseThrow());
    }

    @Test
    void quietKeysAreForgotten() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("u" + i, "a" + i);
        }
        assertEquals(20, throttle.size());
        clock.advance(LoginThrottle.FORGET.minusSeconds(1));
        throttle.purge();
        assertEquals(20, throttle.size());
        clock.advance(Duration.ofSeconds(1));
        throttle.purge();
        assertEquals(0, throttle.size());
        // and a key failing again after that long starts from one
        throttle.failed("u0", "a0");
        assertEquals(Optional.empty(), throttle.waitFor("u0", "a0"));
    }
}
