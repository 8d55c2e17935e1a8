package org.mobitopolo.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A rate limit reads small chunks and waits for the bytes it counted. */
class ThrottleTest {
    @Test
    void aThrottleReadsSmallChunksUnderALimit() throws Exception {
        assertEquals(65536, new Throttle(0).chunk());
        assertEquals(65536, new Throttle(100_000_000).chunk());
        assertEquals(10_000, new Throttle(100_000).chunk());
        assertEquals(512, new Throttle(1000).chunk());
        Throttle t = new Throttle(1_000_000);
        t.pace(0);
        assertEquals(0, t.dueNanos());
        long start = System.nanoTime();
        t.pace(100_000);
        assertEquals(100_000_000, t.dueNanos());
        assertTrue(System.nanoTime() - start >= 90_000_000, "100 kB at 1 MB/s wait about 100 ms");
    }
}
