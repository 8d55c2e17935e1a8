package org.mobitopolo.bench.iperf.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's CPU use over a test, user and system apart, from {@code /proc/self/stat} as
 * iperf3 reports it in its results; zeros where that file cannot be read.
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture we run on
    private final long startNanos = System.nanoTime();
    private final long[] start = ticks();

    /** Percent of one CPU: total, user, system. */
    double[] percent() {
        long[] now = ticks();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        if (wall <= 0) {
            return new double[3];
        }
        double user = (now[0] - start[0]) / TICKS_PER_SECOND / wall * 100;
        double system = (now[1] - start[1]) / TICKS_PER_SECOND / wall * 100;
        return new double[] {user + system, user, system};
    }

    private static long[] ticks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the parenthesised command name, which may itself hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }
}
