package org.mobitopolo.transport.udp.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames and bytes through one side of a link. Only the switch's event loop counts, so a count is
 * a plain add and an ordered store, not an atomic read-modify-write per frame; anyone may read.
 */
final class Traffic {
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    void add(int frameBytes) {
        frames.lazySet(frames.get() + 1);
        bytes.lazySet(bytes.get() + frameBytes);
    }

    long frames() {
        return frames.get();
    }

    long bytes() {
        return bytes.get();
    }
}
