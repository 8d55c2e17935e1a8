package org.mobitopolo.bench.iperf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.bench.ServedTest;
import org.mobitopolo.api.bench.ServerStatus;

/** The real {@code iperf3 -c} against our server: both sides count the same bytes. */
class OurServerTest {
    private static final int PORT = 5301;
    private IperfServer server;

    @BeforeEach
    void listen() {
        server = new IperfServer(RealIperf3.config(32, 4));
        server.start("127.0.0.1", PORT);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void tcpWithParallelStreams() throws Exception {
        JsonNode client = RealIperf3.client(PORT, "-t", "2", "-P", "3");
        long sent = client.at("/end/sum_sent/bytes").asLong();
        ServedTest served = lastTest();
        assertEquals("completed", served.outcome());
        assertEquals(3, served.streams());
        assertAgree(sent, served.bytes(), 2);
        assertEquals(3, client.at("/end/streams").size());
    }

    @Test
    void tcpReverse() throws Exception {
        JsonNode client = RealIperf3.client(PORT, "-t", "2", "-R");
        long received = client.at("/end/sum_received/bytes").asLong();
        ServedTest served = lastTest();
        assertTrue(served.reverse());
        assertAgree(served.bytes(), received, 2);
        assertTrue(client.at("/end/sum_sent/retransmits").asLong() >= 0, "retransmits from the server's TCP_INFO");
    }

    @Test
    void udpAtATargetRate() throws Exception {
        JsonNode client = RealIperf3.client(PORT, "-u", "-b", "20M", "-t", "2");
        long sent = client.at("/end/sum_sent/bytes").asLong();
        ServedTest served = lastTest();
        assertTrue(served.udp());
        assertAgree(sent, served.bytes(), 2);
        double mbps = client.at("/end/sum/bits_per_second").asDouble() / 1e6;
        assertTrue(mbps > 18 && mbps < 22, "20 Mbit/s asked, " + mbps + " sent");
        assertTrue(client.at("/end/sum/lost_percent").asDouble() < 5, client.at("/end/sum").toString());
    }

    @Test
    void udpReverseIsPacedAndCounted() throws Exception {
        JsonNode client = RealIperf3.client(PORT, "-u", "-R", "-b", "10M", "-t", "2", "-P", "2");
        ServedTest served = lastTest();
        long received = client.at("/end/sum_received/bytes").asLong();
        double mbps = client.at("/end/sum/bits_per_second").asDouble() / 1e6;
        assertTrue(mbps > 18 && mbps < 22, "2 x 10 Mbit/s asked, " + mbps + " measured");
        assertAgree(served.bytes(), received, 2);
        assertTrue(client.at("/end/sum/lost_percent").asDouble() < 5, client.at("/end/sum").toString());
    }

    @Test
    void byteLimitsEitherWay() throws Exception {
        JsonNode forward = RealIperf3.client(PORT, "-n", "40M");
        assertEquals(40 << 20, forward.at("/end/sum_sent/bytes").asLong(), 128 * 1024);
        assertAgree(forward.at("/end/sum_sent/bytes").asLong(), lastTest().bytes(), 1);
        JsonNode reverse = RealIperf3.client(PORT, "-n", "40M", "-R");
        long received = reverse.at("/end/sum_received/bytes").asLong();
        assertTrue(received >= 40 << 20, "the client stops once 40 MiB are in: " + received);
        assertEquals(received, lastTest().bytes(), 128 * 1024, "one block at most still in flight");
    }

    /** The last test, once the server has ended it too: the client may exit before its IPERF_DONE is read. */
    private ServedTest lastTest() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            ServerStatus status = server.status();
            assertTrue(status.running());
            ServedTest last = status.recent().get(status.recent().size() - 1);
            if (!last.outcome().equals("running") || System.nanoTime() > deadline) {
                return last;
            }
            Thread.sleep(20);
        }
    }

    /** Within one interval's worth of data, as iperf3's own two sides agree. */
    static void assertAgree(long sender, long receiver, int seconds) {
        long interval = Math.max(sender, receiver) / seconds;
        assertTrue(sender > 0 && Math.abs(sender - receiver) <= interval,
                "sender counted " + sender + " bytes, receiver " + receiver);
    }
}
