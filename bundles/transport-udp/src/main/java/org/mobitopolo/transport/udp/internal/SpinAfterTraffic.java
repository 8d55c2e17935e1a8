package org.mobitopolo.transport.udp.internal;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * The switch thread's wait: while traffic flows it keeps polling its sockets (yielding the CPU to
 * anyone runnable between polls) instead of sleeping in {@code epoll_wait}. A sleeping switch costs
 * each frame of a busy flow a wake-up: the sending VM pays for waking the switch, the switch for
 * rescheduling, and the frame waits for both. After {@code spinNanos} without traffic it sleeps again,
 * so an idle switch uses no CPU.
 */
final class SpinAfterTraffic implements SelectStrategy {
    private final long spinNanos;
    /** Only the event loop's own thread calls the strategy. */
    private long lastTraffic;

    SpinAfterTraffic(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        long now = System.nanoTime();
        if (ready > 0) {
            lastTraffic = now;
            return ready;
        }
        if (hasTasks) {
            return 0; // run them, then ask again
        }
        if (now - lastTraffic < spinNanos) {
            Thread.yield();
            return 0; // the loop runs due timers (shaping) and asks again
        }
        return SELECT;
    }
}
