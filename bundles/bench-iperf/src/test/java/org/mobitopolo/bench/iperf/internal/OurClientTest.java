package org.mobitopolo.bench.iperf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mobitopolo.bench.iperf.internal.OurServerTest.assertAgree;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.bench.ProbeInterval;
import org.mobitopolo.api.bench.ProbeRequest;
import org.mobitopolo.api.bench.ProbeResult;

/** Our client against the real {@code iperf3 -s}: both sides count the same bytes. */
class OurClientTest {
    private static final int PORT = 5311;
    private static IperfClient client;
    private final List<ProbeInterval> intervals = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void client() {
        client = new IperfClient();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private ProbeResult run(ProbeRequest request) throws Exception {
        return client.run(request, intervals::add).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void tcpWithParallelStreams() throws Exception {
        try (RealIperf3 server = RealIperf3.server(PORT)) {
            ProbeResult r = run(new ProbeRequest("127.0.0.1", PORT, false, false, 2, 2, 0));
            JsonNode theirs = server.json(10);
            assertAgree(r.bytesSent(), theirs.at("/end/sum_received/bytes").asLong(), 2);
            assertEquals(r.bytesReceived(), theirs.at("/end/sum_received/bytes").asLong(), "what the server reported");
            assertEquals(2, theirs.at("/end/streams").size());
            assertTrue(r.retransmits() >= 0, "TCP_INFO retransmits with epoll");
            assertTrue(intervals.size() >= 2, "an interval a second: " + intervals);
        }
    }

    @Test
    void byteLimit() throws Exception {
        try (RealIperf3 server = RealIperf3.server(PORT + 4)) {
            ProbeResult r = run(new ProbeRequest("127.0.0.1", PORT + 4, false, false, 2, 10, 0, 30 << 20));
            JsonNode theirs = server.json(10);
            assertEquals(30 << 20, r.bytesSent(), 128 * 1024, "both streams together stop after 30 MiB");
            // iperf3's server stops reading at TEST_END (against iperf3's own client too), so what its socket
            // buffers still held then is not counted; our result reports the server's own count.
            long received = theirs.at("/end/sum_received/bytes").asLong();
            assertTrue(received > 0 && received <= r.bytesSent(), "sent " + r.bytesSent() + ", the server received " + received);
            assertEquals(received, r.bytesReceived(), "what the server reported");
        }
    }

    @Test
    void tcpReverse() throws Exception {
        try (RealIperf3 server = RealIperf3.server(PORT + 1)) {
            ProbeResult r = run(new ProbeRequest("127.0.0.1", PORT + 1, false, true, 1, 2, 0));
            JsonNode theirs = server.json(10);
            assertAgree(theirs.at("/end/sum_sent/bytes").asLong(), r.bytesReceived(), 2);
            assertTrue(r.bitsPerSecond() > 0);
        }
    }

    @Test
    void udpForward() throws Exception {
        try (RealIperf3 server = RealIperf3.server(PORT + 2)) {
            ProbeResult r = run(new ProbeRequest("127.0.0.1", PORT + 2, true, false, 1, 2, 20_000_000));
            JsonNode theirs = server.json(10);
            assertAgree(r.bytesSent(), theirs.at("/end/sum_received/bytes").asLong(), 2);
            assertTrue(r.bitsPerSecond() > 18e6 && r.bitsPerSecond() < 22e6, "20 Mbit/s asked: " + r);
            assertTrue(r.lossPercent() < 5, r.toString());
        }
    }

    @Test
    void udpReverse() throws Exception {
        try (RealIperf3 server = RealIperf3.server(PORT + 3)) {
            ProbeResult r = run(new ProbeRequest("127.0.0.1", PORT + 3, true, true, 2, 2, 10_000_000));
            JsonNode theirs = server.json(10);
            assertAgree(theirs.at("/end/sum_sent/bytes").asLong(), r.bytesReceived(), 2);
            assertTrue(r.bitsPerSecond() > 18e6 && r.bitsPerSecond() < 22e6, "2 x 10 Mbit/s asked: " + r);
            assertTrue(r.jitterMillis() >= 0 && r.lossPercent() < 5, r.toString());
            assertTrue(intervals.stream().allMatch(i -> i.packets() > 0), "datagrams in every interval: " + intervals);
        }
    }
}
