package org.mobitopolo.transport.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

class SpinAfterTrafficTest {
    @Test
    void pollsWhileTrafficIsRecentAndSleepsOnceItStops() throws Exception {
        SpinAfterTraffic wait = new SpinAfterTraffic(50_000_000L);
        assertEquals(SelectStrategy.SELECT, wait.calculateStrategy(() -> 0, false), "no traffic yet: sleep");
        assertEquals(3, wait.calculateStrategy(() -> 3, false), "datagrams ready: read them");
        assertEquals(0, wait.calculateStrategy(() -> 0, false), "just after traffic: poll again");
        assertEquals(0, wait.calculateStrategy(() -> 0, true), "tasks queued: run them");
        Thread.sleep(60);
        assertEquals(SelectStrategy.SELECT, wait.calculateStrategy(() -> 0, false), "quiet for longer: sleep");
        assertEquals(0, wait.calculateStrategy(() -> 0, true), "tasks still run at once");
    }

    @Test
    void noSpinSleepsAtOnce() throws Exception {
        SpinAfterTraffic wait = new SpinAfterTraffic(0);
        assertEquals(1, wait.calculateStrategy(() -> 1, false));
        assertEquals(SelectStrategy.SELECT, wait.calculateStrategy(() -> 0, false));
    }
}
