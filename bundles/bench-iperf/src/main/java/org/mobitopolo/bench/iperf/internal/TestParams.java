package org.mobitopolo.bench.iperf.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The parameters an iperf3 client sends after PARAM_EXCHANGE ({@code send_parameters} in
 * {@code iperf_api.c}). A flag's presence means on, whatever its value.
 *
 * @param udp UDP, else TCP
 * @param seconds the test's duration
 * @param bytes bytes to send instead of a duration, 0 for none
 * @param blocks blocks to send instead of a duration, 0 for none
 * @param parallel streams
 * @param reverse the server sends
 * @param bidirectional both send (refused: neither side here implements it)
 * @param blockSize bytes per write or datagram
 * @param bitsPerSecond target rate per stream, 0 for unlimited
 * @param counters64 UDP datagrams carry 64-bit counters
 * @param clientVersion the client's iperf3 version, e.g. {@code 3.12}
 */
record TestParams(boolean udp, int seconds, long bytes, long blocks, int parallel, boolean reverse,
        boolean bidirectional, int blockSize, long bitsPerSecond, boolean counters64, String clientVersion) {

    static TestParams parse(JsonNode j) {
        if (j.has("sctp")) {
            throw new IllegalArgumentException("SCTP tests are not supported");
        }
        boolean udp = j.has("udp");
        int len = j.path("len").asInt(0);
        return new TestParams(udp, j.path("time").asInt(10), j.path("num").asLong(0), j.path("blockcount").asLong(0),
                j.path("parallel").asInt(1), j.has("reverse"), j.has("bidirectional"),
                len > 0 ? len : udp ? Iperf3.DEFAULT_UDP_BLOCK : Iperf3.DEFAULT_TCP_BLOCK,
                j.path("bandwidth").asLong(udp ? Iperf3.DEFAULT_UDP_RATE : 0), j.has("udp_counters_64bit"),
                j.path("client_version").asText("unknown"));
    }

    /** The JSON as iperf3's client writes it. */
    ObjectNode toJson() {
        ObjectNode j = Iperf3.JSON.createObjectNode();
        j.put(udp ? "udp" : "tcp", true);
        j.put("omit", 0);
        j.put("time", seconds);
        j.put("num", bytes);
        j.put("blockcount", blocks);
        j.put("parallel", parallel);
        if (reverse) {
            j.put("reverse", true);
        }
        j.put("len", blockSize);
        if (bitsPerSecond > 0) {
            j.put("bandwidth", bitsPerSecond);
        }
        j.put("pacing_timer", 1000);
        if (counters64) {
            j.put("udp_counters_64bit", 1);
        }
        j.put("client_version", clientVersion);
        return j;
    }

    /** Why a server would refuse these parameters, or {@code null}. */
    String refusal(int maxStreams) {
        if (parallel < 1 || parallel > maxStreams) {
            return "parallel streams must be 1-" + maxStreams + ", asked " + parallel;
        }
        if (bidirectional) {
            return "bidirectional tests are not supported";
        }
        if (seconds < 0 || seconds > 86400) {
            return "duration must be 0-86400 s, asked " + seconds;
        }
        int min = udp ? (counters64 ? Iperf3.UDP_HEADER_64 : Iperf3.UDP_HEADER_32) : 1;
        int max = udp ? 65507 : 1 << 20;
        if (blockSize < min || blockSize > max) {
            return "block size must be " + min + "-" + max + " bytes, asked " + blockSize;
        }
        return null;
    }

    /** Bytes the sender sends before it stops by itself, {@code Long.MAX_VALUE} when time ends the test. */
    long byteLimit() {
        return bytes > 0 ? bytes : blocks > 0 ? blocks * blockSize : Long.MAX_VALUE;
    }
}
