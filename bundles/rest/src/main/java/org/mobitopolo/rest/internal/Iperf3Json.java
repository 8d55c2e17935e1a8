package org.mobitopolo.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mobitopolo.api.bench.ProbeInterval;
import org.mobitopolo.api.bench.ProbeRequest;
import org.mobitopolo.api.bench.ProbeResult;

/**
 * A test in the shape of {@code iperf3 --json} ({@code intervals[].sum}, {@code end.sum_sent},
 * {@code end.sum_received}, {@code end.sum} for UDP), so that scripts written for iperf3 read ours.
 */
final class Iperf3Json {
    private Iperf3Json() {}

    static Map<String, Object> of(ProbeRequest request, List<ProbeInterval> intervals, ProbeResult result) {
        Map<String, Object> top = new LinkedHashMap<>();
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("protocol", request.udp() ? "UDP" : "TCP");
        test.put("num_streams", request.parallel());
        test.put("duration", request.seconds());
        test.put("bytes", request.bytes());
        test.put("reverse", request.reverse() ? 1 : 0);
        top.put("start", Map.of("connecting_to", Map.of("host", request.host(), "port", request.port()), "test_start", test));
        top.put("intervals", intervals.stream().map(i -> Map.of("sum", interval(request, i))).toList());
        if (result != null) {
            Map<String, Object> end = new LinkedHashMap<>();
            Map<String, Object> sent = sum(0, result.seconds(), result.bytesSent(), true);
            Map<String, Object> received = sum(0, result.seconds(), result.bytesReceived(), false);
            if (request.udp()) {
                Map<String, Object> udp = new LinkedHashMap<>(sent);
                udp.put("jitter_ms", result.jitterMillis());
                udp.put("lost_packets", result.lostPackets());
                udp.put("packets", result.packets());
                udp.put("lost_percent", result.lossPercent());
                end.put("sum", udp);
            } else {
                sent.put("retransmits", result.retransmits());
            }
            end.put("sum_sent", sent);
            end.put("sum_received", received);
            top.put("end", end);
        }
        return top;
    }

    private static Map<String, Object> interval(ProbeRequest request, ProbeInterval i) {
        Map<String, Object> sum = sum(i.startSeconds(), i.endSeconds(), i.bytes(), !request.reverse());
        if (request.udp()) {
            sum.put("packets", i.packets());
            if (request.reverse()) {
                sum.put("jitter_ms", i.jitterMillis());
                sum.put("lost_packets", i.lostPackets());
            }
        }
        return sum;
    }

    private static Map<String, Object> sum(double start, double end, long bytes, boolean sender) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("start", start);
        s.put("end", end);
        s.put("seconds", end - start);
        s.put("bytes", bytes);
        s.put("bits_per_second", end > start ? bytes * 8 / (end - start) : 0.0);
        s.put("sender", sender);
        return s;
    }
}
