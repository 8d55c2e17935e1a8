package org.mobitopolo.netservices.internal;

/**
 * An IPv4 subnet, its addresses as unsigned 32-bit values in an {@code int}.
 *
 * @param network the network address (host bits zero)
 * @param prefix the prefix length, 16 to 30: room for the services and a client, and a pool small enough to scan
 */
record Subnet(int network, int prefix) {
    Subnet {
        if (prefix < 16 || prefix > 30) {
            throw new IllegalArgumentException("a served subnet is /16 to /30, got /" + prefix);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(text(network) + "/" + prefix + " has host bits set; the subnet is "
                    + text(network & mask(prefix)) + "/" + prefix);
        }
    }

    /** {@code 10.1.0.0/24}. */
    static Subnet parse(String cidr) {
        if (cidr == null) {
            throw new IllegalArgumentException("give the subnet, e.g. 10.1.0.0/24");
        }
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a subnet is ADDRESS/PREFIX, e.g. 10.1.0.0/24, got '" + cidr + "'");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a subnet's prefix is a number, got '" + cidr + "'");
        }
        return new Subnet(address(cidr.substring(0, slash)), prefix);
    }

    /** A dotted-quad IPv4 address; nothing else (no names, no lookups). */
    static int address(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        int a = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            a = a << 8 | Integer.parseInt(p);
        }
        return a;
    }

    static String text(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    int mask() {
        return mask(prefix);
    }

    int broadcast() {
        return network | ~mask();
    }

    int firstHost() {
        return network + 1;
    }

    int lastHost() {
        return broadcast() - 1;
    }

    /** Whether an address is one of the subnet's hosts (neither its network nor its broadcast address). */
    boolean isHost(int a) {
        return (a & mask()) == network && a != network && a != broadcast();
    }

    @Override
    public String toString() {
        return text(network) + "/" + prefix;
    }
}
