package org.mobitopolo.api.proxy;

import java.util.List;

/**
 * How the proxy serves.
 *
 * @param bindAddress the address to listen on
 * @param port the TCP port to listen on
 * @param allow client networks allowed in, CIDR; empty allows every client not denied
 * @param deny client networks refused, CIDR; checked before {@code allow}
 * @param requireAuth whether clients must send {@code Proxy-Authorization: Basic}
 * @param cacheBytes size of the response cache, {@code 0} for none
 */
public record ProxyConfig(String bindAddress, int port, List<String> allow, List<String> deny, boolean requireAuth,
        long cacheBytes) {
    public ProxyConfig {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port must be 1-65535, got " + port);
        }
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }
}
