package org.mobitopolo.host.internal;

import java.util.Comparator;
import java.util.Optional;

/** Reads the kernel's IPv4 routing table in the format of {@code /proc/net/route}. */
final class RouteTable {
    private static final int RTF_UP = 0x1;

    /** The default route's interface and gateway. */
    record Default(String interfaceName, String gateway, int metric) {}

    private RouteTable() {}

    /** The default route with the lowest metric, if the table has one that is up. */
    static Optional<Default> defaultRoute(String procNetRoute) {
        return procNetRoute.lines()
                .skip(1) // header
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f.length >= 8)
                .filter(f -> f[1].equals("00000000") && f[7].equals("00000000"))
                .filter(f -> (Integer.parseInt(f[3], 16) & RTF_UP) != 0)
                .map(f -> new Default(f[0], ipv4(f[2]), Integer.parseInt(f[6])))
                .min(Comparator.comparingInt(Default::metric));
    }

    /** The kernel prints addresses as the hex of a little-endian 32-bit word. */
    static String ipv4(String hex) {
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
    }
}
