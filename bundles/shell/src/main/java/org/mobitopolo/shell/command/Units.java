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
}
