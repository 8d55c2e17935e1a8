package org.mobitopolo.proxy.netty.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Open connections per key (a client address or a user name) against a limit; 0 means none. */
final class ConnectionLimits<K> {
    private final int limit;
    private final ConcurrentMap<K, Integer> open = new ConcurrentHashMap<>();

    ConnectionLimits(int limit) {
        this.limit = limit;
    }

    /** Takes one connection for {@code key}; false, and nothing taken, when it has its limit already. */
    boolean acquire(K key) {
        boolean[] taken = {false};
        open.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (limit > 0 && now >= limit) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    void release(K key) {
        open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    int open(K key) {
        return open.getOrDefault(key, 0);
    }
}
