package org.mobitopolo.api.bench;

/**
 * One bandwidth test.
 *
 * @param host the peer running the server
 * @param port its control port (iperf3 uses 5201)
 * @param udp {@code true} for UDP, {@code false} for TCP
 * @param reverse {@code true} when the peer sends and we receive
 * @param parallel the number of parallel streams
 * @param seconds how long to send; ignored when {@code bytes} is set
 * @param bitsPerSecond target rate per stream, {@code 0} for as fast as possible (TCP) or 1 Mbit/s (UDP, as iperf3)
 * @param bytes how many bytes to send instead of a duration, {@code 0} for none
 */
public record ProbeRequest(String host, int port, boolean udp, boolean reverse, int parallel, int seconds,
        long bitsPerSecond, long bytes) {
    public ProbeRequest {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        if (parallel < 1 || parallel > 128) {
            throw new IllegalArgumentException("parallel streams must be 1-128, got " + parallel);
        }
        if (seconds < 1 || seconds > 86400) {
            throw new IllegalArgumentException("duration must be 1-86400 s, got " + seconds);
        }
        if (bitsPerSecond < 0 || bytes < 0) {
            throw new IllegalArgumentException("rate and byte count cannot be negative");
        }
    }

    /** A test limited by time only. */
    public ProbeRequest(String host, int port, boolean udp, boolean reverse, int parallel, int seconds,
            long bitsPerSecond) {
        this(host, port, udp, reverse, parallel, seconds, bitsPerSecond, 0);
    }
}
