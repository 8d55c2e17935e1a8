package org.mobitopolo.shell.command;

/** Human-readable quantities for console output. */
final class Units {
    private Units() {}

    /** Bytes in binary units with one decimal, e.g. {@code 23.4 GiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return String.format("%.1f %siB", bytes / (double) (1L << (unit * 10)), "KMGTPE".charAt(unit - 1));
    }

    /** A transfer as iperf3 prints it: binary units, e.g. {@code 2.81 GBytes}. */
    static String transfer(long bytes) {
        if (bytes < 1024) {
            return bytes + " Bytes";
        }
        int unit = Math.min(3, (63 - Long.numberOfLeadingZeros(bytes)) / 10);
        double value = bytes / (double) (1L << (unit * 10));
        return iperf3Number(value) + " " + "KMG".charAt(unit - 1) + "Bytes";
    }

    /** A rate as iperf3 prints it: decimal units, e.g. {@code 24.1 Gbits/sec}. */
    static String bitrate(double bitsPerSecond) {
        String[] units = {"bits/sec", "Kbits/sec", "Mbits/sec", "Gbits/sec"};
        int unit = 0;
        double value = bitsPerSecond;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return iperf3Number(value) + " " + units[unit];
    }

    /** Three significant digits as iperf3's {@code unit_snprintf} writes them. */
    private static String iperf3Number(double value) {
        return String.format(value < 9.995 ? "%.2f" : value < 99.95 ? "%.1f" : "%.0f", value);
    }
}
