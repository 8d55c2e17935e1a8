package org.mobitopolo.host.internal;

import java.util.Map;
import java.util.stream.Collectors;

/** The two figures of {@code /proc/meminfo} the platform needs. */
record MemInfo(long totalBytes, long availableBytes) {

    static MemInfo parse(String procMeminfo) {
        Map<String, Long> kib = procMeminfo.lines()
                .map(line -> line.split(":\\s*", 2))
                .filter(kv -> kv.length == 2)
                .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1].replace("kB", "").strip()),
                        (a, b) -> a));
        long total = kib.getOrDefault("MemTotal", 0L);
        return new MemInfo(total * 1024, kib.getOrDefault("MemAvailable", kib.getOrDefault("MemFree", 0L)) * 1024);
    }
}
