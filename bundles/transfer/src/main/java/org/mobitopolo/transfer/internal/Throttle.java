package org.mobitopolo.transfer.internal;

/**
 * Paces one transfer to a rate in bytes per second, over the whole attempt: a slow start is made up
 * for, a burst is paid for by a pause.
 */
final class Throttle {
    private final long rate;
    private final long start = System.nanoTime();
    private long bytes;

    /** @param rate bytes per second; 0 for no limit */
    Throttle(long rate) {
        this.rate = rate;
    }

    /** How much to read at a time: about a tenth of a second's worth under a limit, so that it stays smooth. */
    int chunk() {
        return rate <= 0 ? 1 << 16 : (int) Math.max(512, Math.min(1 << 16, rate / 10));
    }

    /** Counts {@code n} bytes and sleeps until the rate allows them. */
    void pace(long n) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        bytes += n;
        long due = (long) (bytes * 1e9 / rate) - (System.nanoTime() - start);
        if (due > 0) {
            Thread.sleep(due / 1_000_000, (int) (due % 1_000_000));
        }
    }

    /** How long the bytes so far take at the rate, in nanoseconds from the start: for the tests. */
    long dueNanos() {
        return rate <= 0 ? 0 : (long) (bytes * 1e9 / rate);
    }
}
