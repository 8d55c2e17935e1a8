package org.mobitopolo.api.proxy;

/**
 * What one client may take from the proxy, and how long the proxy waits.
 *
 * @param connectionsPerClient open connections per client address, {@code 0} for no limit
 * @param connectionsPerUser open connections per authenticated user, {@code 0} for no limit
 * @param upstreamTimeoutMillis how long to wait for an origin server to connect or send, then answer 502/504
 * @param headerTimeoutMillis how long a client may take to send a request's headers (or to start the next
 *        request on a kept-alive connection) before it is answered 408 and closed: slow clients cannot pin connections
 */
public record ProxyLimits(int connectionsPerClient, int connectionsPerUser, long upstreamTimeoutMillis,
        long headerTimeoutMillis) {
    /** 256 connections per client and per user, 30 s for origins, 10 s for request headers. */
    public static final ProxyLimits DEFAULT = new ProxyLimits(256, 256, 30_000, 10_000);

    public ProxyLimits {
        if (connectionsPerClient < 0 || connectionsPerUser < 0) {
            throw new IllegalArgumentException("connection limits must be >= 0 (0: none), got " + connectionsPerClient
                    + " per client and " + connectionsPerUser + " per user");
        }
        if (upstreamTimeoutMillis < 1 || headerTimeoutMillis < 1) {
            throw new IllegalArgumentException("timeouts must be >= 1 ms, got upstream " + upstreamTimeoutMillis
                    + " ms and header " + headerTimeoutMillis + " ms");
        }
    }
}
