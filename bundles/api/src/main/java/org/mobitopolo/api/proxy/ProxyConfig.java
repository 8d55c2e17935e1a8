package org.mobitopolo.api.proxy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How the proxy serves.
 *
 * @param bindAddress the address to listen on
 * @param port the TCP port to listen on
 * @param allow client networks allowed in, CIDR; empty allows every client not denied
 * @param deny client networks refused, CIDR; checked before {@code allow}
 * @param requireAuth whether clients must send {@code Proxy-Authorization: Basic} of a known user
 * @param cacheBytes size of the in-memory response cache, {@code 0} for no cache
 * @param cacheDiskBytes size of the disk cache behind the memory cache, {@code 0} for none
 * @param connectPorts the ports {@code CONNECT} may open tunnels to; 443 alone by default
 * @param limits connections per client and per user, timeouts
 */
public record ProxyConfig(String bindAddress, int port, List<String> allow, List<String> deny, boolean requireAuth,
        long cacheBytes, long cacheDiskBytes, List<Integer> connectPorts, ProxyLimits limits) {
    private static final Pattern CIDR = Pattern.compile("[0-9a-fA-F.:]+(/\\d{1,3})?");

    public ProxyConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress is required, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port must be 1-65535, got " + port);
        }
        allow = cidrs(allow, "allow");
        deny = cidrs(deny, "deny");
        if (cacheBytes < 0 || cacheDiskBytes < 0) {
            throw new IllegalArgumentException("cache sizes must be >= 0, got " + cacheBytes + " and " + cacheDiskBytes);
        }
        connectPorts = connectPorts == null ? List.of(443) : List.copyOf(connectPorts);
        for (int p : connectPorts) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("CONNECT ports must be 1-65535, got " + p);
            }
        }
        limits = limits == null ? ProxyLimits.DEFAULT : limits;
    }

    /** The 1.0 settings: CONNECT to 443 only, default limits, no disk cache. */
    public ProxyConfig(String bindAddress, int port, List<String> allow, List<String> deny, boolean requireAuth,
            long cacheBytes) {
        this(bindAddress, port, allow, deny, requireAuth, cacheBytes, 0, List.of(443), ProxyLimits.DEFAULT);
    }

    private static List<String> cidrs(List<String> list, String what) {
        if (list == null) {
            return List.of();
        }
        for (String c : list) {
            if (c == null || !CIDR.matcher(c).matches()) {
                throw new IllegalArgumentException(what + " takes addresses or networks like 10.0.0.0/8 or ::1, got "
                        + c);
            }
        }
        return List.copyOf(list);
    }
}
