package org.mobitopolo.controller.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 address with its prefix length, e.g. {@code 10.0.0.2/24}. The default guest's {@code ip=}
 * takes exactly this form; IPv6 is not offered because the guests configure only IPv4.
 */
record Ipv4(int address, int prefix) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

    /** Parses {@code a.b.c.d} or {@code a.b.c.d/n}; without a prefix, {@code prefix} is -1. {@code null} when malformed. */
    static Ipv4 parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int a = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            a = a << 8 | octet;
        }
        int prefix = m.group(5) == null ? -1 : Integer.parseInt(m.group(5));
        return prefix > 32 ? null : new Ipv4(a, prefix);
    }

    int mask() {
        return prefix <= 0 ? 0 : -1 << (32 - prefix);
    }

    /** Whether this, read as a subnet, holds that address. */
    boolean contains(Ipv4 other) {
        return (other.address & mask()) == (address & mask());
    }

    /** Whether the address has host bits set (a subnet must not). */
    boolean hasHostBits() {
        return (address & ~mask()) != 0;
    }

    /** Whether the address is its subnet's network or broadcast address (only where those exist, /30 and wider). */
    boolean isNetworkOrBroadcast(int subnetPrefix) {
        if (subnetPrefix > 30) {
            return false;
        }
        int host = address & ~(subnetPrefix == 0 ? 0 : -1 << (32 - subnetPrefix));
        return host == 0 || host == ~(subnetPrefix == 0 ? 0 : -1 << (32 - subnetPrefix));
    }

    String addressText() {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    @Override
    public String toString() {
        return prefix < 0 ? addressText() : addressText() + "/" + prefix;
    }
}
