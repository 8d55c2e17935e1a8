package org.mobitopolo.transport.udp.internal;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * The switch thread's wait: while a flow runs through it, it keeps polling its sockets (yielding the
 * CPU to anyone runnable between polls) instead of sleeping in {@code epoll_wait}. A sleeping switch
 * costs each frame of a busy flow a wake-up: the sending VM pays for waking the switch, the switch for
 * being scheduled, and the frame waits for both. Sparse traffic (a ping, ARP) does not start the
 * polling: on a machine whose cores the VMs need, a polling switch delays their own wake-ups. After
 * {@code spinNanos} without traffic it sleeps again, so an idle switch uses no CPU.
 */
final class SpinAfterTraffic implements SelectStrategy {
    /** Read batches in a row, each within {@code spinNanos} of the one before, that make a flow. */
    static final int FLOW = 8;

    private final long spinNanos;
    // Only the event loop's own thread uses these.
    private long lastTraffic;
    private int streak;

    SpinAfterTraffic(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    /** A read batch arrived. */
    void traffic() {
        long now = System.nanoTime();
        streak = now - lastTraffic < spinNanos ? streak + 1 : 0;
        lastTraffic = now;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectNow.get(); // run them, and read what is ready
        }
        if (streak < FLOW || System.nanoTime() - lastTraffic >= spinNanos) {
            return SELECT;
        }
        int ready = selectNow.get();
        if (ready == 0) {
            Thread.yield();
        }
        return ready; // 0: the loop runs due timers (shaping) and asks again
    }
}
