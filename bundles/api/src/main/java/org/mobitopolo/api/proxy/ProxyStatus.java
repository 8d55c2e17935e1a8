package org.mobitopolo.api.proxy;

/**
 * The proxy's state and counters since it started.
 *
 * @param running whether it accepts connections
 * @param port the port it listens on
 * @param requests requests served
 * @param activeConnections client connections open now
 * @param denied requests refused by access control, authentication or connection limits
 * @param cacheHits responses served from the cache, fresh or after revalidation
 * @param cacheMisses cacheable responses fetched upstream
 * @param implementation which implementation runs, e.g. {@code netty} or {@code tinyproxy}
 * @param config the settings it runs (or last ran) with, {@code null} before the first start
 * @param badRequests malformed or oversized requests, and clients too slow to send their headers
 * @param upstreamFailures origins that could not be reached or did not answer in time (502/504)
 * @param cachedBytes bytes held by the cache now, memory and disk
 */
public record ProxyStatus(boolean running, int port, long requests, long activeConnections, long denied,
        long cacheHits, long cacheMisses, String implementation, ProxyConfig config, long badRequests,
        long upstreamFailures, long cachedBytes) {
    /** The 1.0 counters only. */
    public ProxyStatus(boolean running, int port, long requests, long activeConnections, long denied, long cacheHits,
            long cacheMisses) {
        this(running, port, requests, activeConnections, denied, cacheHits, cacheMisses, "", null, 0, 0, 0);
    }
}
