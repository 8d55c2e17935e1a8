package org.mobitopolo.api.bench;

/**
 * One latency measurement.
 *
 * @param host the peer
 * @param port a TCP port on the peer; open or closed both answer within one round trip
 * @param count how many samples
 * @param intervalMillis the pause between samples
 */
public record LatencyRequest(String host, int port, int count, int intervalMillis) {
    public LatencyRequest {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException("count must be 1-10000, got " + count);
        }
        if (intervalMillis < 0 || intervalMillis > 60_000) {
            throw new IllegalArgumentException("interval must be 0-60000 ms, got " + intervalMillis);
        }
    }
}
