package org.mobitopolo.bench.iperf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.bench.LatencyRequest;
import org.mobitopolo.api.bench.LatencyResult;

/** The protocol's pieces on their own: UDP accounting, parameters, control framing, latency figures. */
class ProtocolTest {
    @Test
    void udpGapsAreLossesAndLateDatagramsTakeThemBack() {
        Stream s = new Stream(0, null, null);
        for (long seq : new long[] {1, 2, 4, 5, 3, 8}) {
            s.receivedDatagram(datagram(seq, 1000 * seq), false, 1000 * seq + 300);
        }
        assertEquals(8, s.packets);
        assertEquals(2, s.lost, "3 came late, 6 and 7 never");
        assertEquals(1, s.outOfOrder);
        assertEquals(6 * 100, s.bytes);
        assertEquals(0, s.jitter, 1e-9, "constant transit time, no jitter");
    }

    @Test
    void jitterFollowsRfc1889() {
        Stream s = new Stream(0, null, null);
        s.receivedDatagram(datagram(1, 0), false, 1000);
        s.receivedDatagram(datagram(2, 10_000), false, 11_000 + 1600); // transit 1.0 ms then 2.6 ms
        assertEquals(1.6e-3 / 16, s.jitter, 1e-12);
    }

    @Test
    void sixtyFourBitCounters() {
        Stream s = new Stream(0, null, null);
        ByteBuf d = Unpooled.buffer(100);
        s.stampDatagram(d, true, 5_000_001);
        assertEquals(16, d.readableBytes());
        assertEquals(5, d.getInt(0));
        assertEquals(1, d.getInt(4));
        assertEquals(1, d.getLong(8));
    }

    @Test
    void parametersAsIperf3SendsThem() throws Exception {
        TestParams p = TestParams.parse(Iperf3.JSON.readTree("{\"udp\":true,\"omit\":0,\"time\":5,\"num\":0,"
                + "\"blockcount\":0,\"parallel\":2,\"reverse\":true,\"len\":1400,\"bandwidth\":20000000,"
                + "\"pacing_timer\":1000,\"client_version\":\"3.12\"}"));
        assertTrue(p.udp() && p.reverse());
        assertEquals(2, p.parallel());
        assertEquals(20_000_000, p.bitsPerSecond());
        assertEquals(Long.MAX_VALUE, p.byteLimit());
        assertNull(p.refusal(32));
        assertEquals("parallel streams must be 1-1, asked 2", p.refusal(1));
        TestParams tcp = TestParams.parse(Iperf3.JSON.readTree("{\"tcp\":true,\"time\":10,\"num\":1048576,\"parallel\":1}"));
        assertEquals(Iperf3.DEFAULT_TCP_BLOCK, tcp.blockSize());
        assertEquals(0, tcp.bitsPerSecond());
        assertEquals(1 << 20, tcp.byteLimit());
    }

    @Test
    void controlMessagesSplitWhereverTheyArrive() {
        ControlDecoder decoder = new ControlDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {Iperf3.PARAM_EXCHANGE}));
        assertEquals(new ControlDecoder.State(Iperf3.PARAM_EXCHANGE), ch.readInbound());
        decoder.expectJson();
        byte[] json = "{\"tcp\":true}".getBytes();
        ch.writeInbound(Unpooled.buffer().writeInt(json.length).writeBytes(json, 0, 5));
        assertNull(ch.readInbound());
        ch.writeInbound(Unpooled.buffer().writeBytes(json, 5, json.length - 5).writeByte(Iperf3.TEST_START)
                .writeByte(Iperf3.SERVER_ERROR).writeInt(6).writeInt(0));
        assertEquals("{\"tcp\":true}", ch.readInbound().toString());
        assertEquals(new ControlDecoder.State(Iperf3.TEST_START), ch.readInbound());
        assertEquals(new ControlDecoder.ServerError(6, 0), ch.readInbound());
        decoder.expectJson();
        try {
            ch.writeInbound(Unpooled.buffer().writeInt(6).writeBytes("[1, 2]".getBytes()));
            throw new AssertionError("a JSON array is no iperf3 message");
        } catch (DecoderException expected) {
            assertTrue(expected.getMessage().contains("not an object"));
        }
    }

    @Test
    void percentilesByNearestRank() {
        double[] rtts = new double[100];
        for (int i = 0; i < 100; i++) {
            rtts[i] = 100 - i;
        }
        LatencyResult r = ConnectLatency.summarize("tcp-connect", rtts, 3);
        assertEquals(1, r.minMillis());
        assertEquals(50, r.p50Millis());
        assertEquals(90, r.p90Millis());
        assertEquals(99, r.p99Millis());
        assertEquals(100, r.maxMillis());
        assertEquals(50.5, r.meanMillis(), 1e-9);
        assertEquals(3, r.lost());
    }

    @Test
    void aClosedPortAnswersWithinOneRoundTripToo() throws Exception {
        ConnectLatency probe = new ConnectLatency();
        try {
            int[] seen = new int[1];
            LatencyResult r = probe.measure(new LatencyRequest("127.0.0.1", 5399, 20, 0), rtt -> seen[0]++)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(20, r.samples());
            assertEquals(20, seen[0]);
            assertEquals(0, r.lost());
            assertTrue(r.minMillis() > 0 && r.p50Millis() < 20, "loopback RTT: " + r);
        } finally {
            probe.close();
        }
    }

    private static ByteBuf datagram(long seq, long sentMicros) {
        ByteBuf d = Unpooled.buffer(100);
        d.writeInt((int) (sentMicros / 1_000_000)).writeInt((int) (sentMicros % 1_000_000)).writeInt((int) seq);
        return d.writerIndex(100);
    }
}
