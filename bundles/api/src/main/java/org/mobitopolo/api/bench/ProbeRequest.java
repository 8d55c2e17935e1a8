package org.mobitopolo.api.bench;

/**
 * One bandwidth test.
 *
 * @param host the peer running the server
 * @param port its control port (iperf3 uses 5201)
 * @param udp {@code true} for UDP, {@code false} for TCP
 * @param reverse {@code true} when the peer sends and we receive
 * @param parallel the number of parallel streams
 * @param seconds how long to send
 * @param bitsPerSecond target rate, {@code 0} for as fast as possible
 */
public record ProbeRequest(String host, int port, boolean udp, boolean reverse, int parallel, int seconds,
        long bitsPerSecond) {
    public ProbeRequest {
        if (parallel < 1 || parallel > 128) {
            throw new IllegalArgumentException("parallel streams must be 1-128, got " + parallel);
        }
        if (seconds < 1 || seconds > 86400) {
            throw new IllegalArgumentException("duration must be 1-86400 s, got " + seconds);
        }
    }
}
