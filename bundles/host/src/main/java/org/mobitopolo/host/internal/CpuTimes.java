package org.mobitopolo.host.internal;

import java.util.Arrays;
import java.util.List;

/** The first line of {@code /proc/stat}: all CPUs' time, busy and in total, in clock ticks since boot. */
record CpuTimes(long busy, long total) {
    /** Boot itself: what the first share is counted from. */
    static final CpuTimes BOOT = new CpuTimes(0, 0);

    /** {@code cpu user nice system idle iowait irq softirq steal ...}: idle and iowait are not busy. */
    static CpuTimes parse(String procStat) {
        String first = procStat.lines().findFirst().orElse("");
        if (!first.startsWith("cpu ")) {
            throw new IllegalArgumentException("no cpu line in /proc/stat: " + first);
        }
        List<Long> ticks = Arrays.stream(first.substring(4).trim().split("\\s+")).map(Long::parseLong).toList();
        // guest time is already in user and nice: the first eight fields are the whole
        long total = ticks.stream().limit(8).mapToLong(Long::longValue).sum();
        long idle = ticks.get(3) + (ticks.size() > 4 ? ticks.get(4) : 0);
        return new CpuTimes(total - idle, total);
    }

    /** The busy share, in percent, from {@code before} to this; 0 when no tick passed. */
    double busyPercentSince(CpuTimes before) {
        long total = this.total - before.total;
        return total <= 0 ? 0 : Math.max(0, Math.min(100, (busy - before.busy) * 100.0 / total));
    }

    /** {@code /proc/loadavg}'s three averages. */
    static List<Double> loadAverage(String procLoadavg) {
        String[] f = procLoadavg.trim().split("\\s+");
        return List.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
    }
}
