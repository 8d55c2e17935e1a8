package org.mobitopolo.netservices.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a network's services answered and dropped, by name. */
final class Counters {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String name) {
        counts.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    long get(String name) {
        LongAdder a = counts.get(name);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
