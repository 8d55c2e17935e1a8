package org.mobitopolo.transport.udp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

class SpinAfterTrafficTest {
    private final SpinAfterTraffic wait = new SpinAfterTraffic(50_000_000L);

    @Test
    void sparseTrafficSleepsAtOnce() throws Exception {
        assertEquals(SelectStrategy.SELECT, wait.calculateStrategy(() -> 0, false), "no traffic yet");
        wait.traffic();
        assertEquals(SelectStrategy.SELECT, wait.calculateStrategy(() -> 0, false), "one datagram is no flow");
        for (int i = 1; i < SpinAfterTraffic.FLOW; i++) {
            wait.traffic();
        }
        assertEquals(SelectStrategy.SELECT, wait.calculateStrategy(() -> 0, false), "nor are a few");
    }

    @Test
    void aFlowIsPolledForUntilItHasBeenQuietForTheSpinTime() throws Exception {
        for (int i = 0; i <= SpinAfterTraffic.FLOW; i++) {
            wait.traffic();
        }
        assertEquals(0, wait.calculateStrategy(() -> 0, false), "nothing ready: poll again");
        assertEquals(3, wait.calculateStrategy(() -> 3, false), "datagrams ready: read them");
        Thread.sleep(60);
        assertEquals(SelectStrategy.SELECT, wait.calculateStrategy(() -> 0, false), "quiet for longer: sleep");
        wait.traffic();
        assertEquals(SelectStrategy.SELECT, wait.calculateStrategy(() -> 0, false), "a datagram after the pause starts no poll");
    }

    @Test
    void queuedTasksRunAtOnce() throws Exception {
        assertEquals(0, wait.calculateStrategy(() -> 0, true));
        assertEquals(2, wait.calculateStrategy(() -> 2, true));
    }

    @Test
    void noSpinTimeNeverPolls() throws Exception {
        SpinAfterTraffic never = new SpinAfterTraffic(0);
        for (int i = 0; i <= SpinAfterTraffic.FLOW * 2; i++) {
            never.traffic();
        }
        assertEquals(SelectStrategy.SELECT, never.calculateStrategy(() -> 0, false));
    }
}
