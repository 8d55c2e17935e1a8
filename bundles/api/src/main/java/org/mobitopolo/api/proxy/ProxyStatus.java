package org.mobitopolo.api.proxy;

/**
 * The proxy's state and counters since it started.
 *
 * @param running whether it accepts connections
 * @param port the port it listens on
 * @param requests requests served
 * @param activeConnections client connections open now
 * @param denied requests refused by access control or authentication
 * @param cacheHits responses served from the cache
 * @param cacheMisses cacheable responses fetched upstream
 */
public record ProxyStatus(boolean running, int port, long requests, long activeConnections, long denied,
        long cacheHits, long cacheMisses) {}
