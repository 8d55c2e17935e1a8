package org.mobitopolo.rebind.forward.internal;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * What may cross a forward, read from the Ethernet and ARP/IPv4 headers of each frame. Only the
 * moved VM's traffic with the subnet it left does: frames to its MAC, and ARP for its old address,
 * towards it; from its MAC, ARP and IPv4 for the old subnet, back. Everything else on either network
 * (broadcasts, DHCP, other VMs) stays where it is. Both ends check both directions.
 */
final class FrameRules {
    private static final int ETHER_HEADER = 14;
    private static final int ARP = 0x0806;
    private static final int IPV4 = 0x0800;

    private final byte[] mac;
    private final int address;
    private final int subnet;
    private final int mask;

    /**
     * @param mac the moved NIC's MAC, {@code 52:54:00:12:34:56}
     * @param address its address before the move
     * @param subnet that address's subnet, {@code 10.1.0.0/24}
     */
    FrameRules(String mac, String address, String subnet) {
        this.mac = parseMac(mac);
        this.address = parseAddress(address);
        int slash = subnet.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a subnet is ADDRESS/PREFIX, got " + subnet);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(subnet.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a subnet's prefix is a number, got " + subnet);
        }
        if (prefix < 8 || prefix > 32) {
            throw new IllegalArgumentException("a subnet's prefix is 8 to 32, got " + subnet);
        }
        this.mask = (int) (0xffffffffL << (32 - prefix));
        this.subnet = parseAddress(subnet.substring(0, slash)) & mask;
        if ((this.address & mask) != this.subnet) {
            throw new IllegalArgumentException(address + " is not in " + subnet);
        }
    }

    /** Towards the VM: frames to its MAC, and ARP asking for its old address (a neighbour whose cache expired). */
    boolean towardsVm(ByteBuffer frame) {
        return frame.remaining() >= ETHER_HEADER && (matches(frame, 0) || arpTarget(frame) == (address & 0xffffffffL));
    }

    /** From the VM: frames from its MAC with ARP or IPv4 for a neighbour on the subnet it left. */
    boolean fromVm(ByteBuffer frame) {
        if (frame.remaining() < ETHER_HEADER || !matches(frame, 6)) {
            return false;
        }
        long target = etherType(frame) == ARP ? arpTarget(frame) : ipv4Destination(frame);
        return target >= 0 && ((int) target & mask) == subnet;
    }

    private boolean matches(ByteBuffer frame, int offset) {
        int p = frame.position() + offset;
        for (int i = 0; i < 6; i++) {
            if (frame.get(p + i) != mac[i]) {
                return false;
            }
        }
        return true;
    }

    private static int etherType(ByteBuffer frame) {
        return frame.getShort(frame.position() + 12) & 0xffff;
    }

    /** The target address of an IPv4-over-Ethernet ARP packet; -1 for any other frame. */
    private static long arpTarget(ByteBuffer frame) {
        int p = frame.position();
        if (etherType(frame) != ARP || frame.remaining() < ETHER_HEADER + 28 || frame.getShort(p + 16) != IPV4
                || frame.get(p + 18) != 6 || frame.get(p + 19) != 4) {
            return -1;
        }
        return frame.getInt(p + ETHER_HEADER + 24) & 0xffffffffL;
    }

    private static long ipv4Destination(ByteBuffer frame) {
        if (etherType(frame) != IPV4 || frame.remaining() < ETHER_HEADER + 20) {
            return -1;
        }
        return frame.getInt(frame.position() + ETHER_HEADER + 16) & 0xffffffffL;
    }

    /** A gratuitous ARP from the VM for its old address: the old network's switch learns the forward's port for its MAC. */
    byte[] announcement() {
        ByteBuffer f = ByteBuffer.allocate(ETHER_HEADER + 28);
        f.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(mac).putShort((short) ARP);
        f.putShort((short) 1).putShort((short) IPV4).put((byte) 6).put((byte) 4).putShort((short) 1);
        f.put(mac).putInt(address).put(new byte[6]).putInt(address);
        return f.array();
    }

    static byte[] parseMac(String mac) {
        String[] parts = mac.toLowerCase(Locale.ROOT).split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("a MAC is six hexadecimal bytes like 52:54:00:12:34:56, got " + mac);
        }
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!parts[i].matches("[0-9a-f]{2}")) {
                throw new IllegalArgumentException("a MAC is six hexadecimal bytes like 52:54:00:12:34:56, got " + mac);
            }
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    static int parseAddress(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("an IPv4 address is four numbers like 10.1.0.5, got " + address);
        }
        int out = 0;
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("an IPv4 address is four numbers 0-255 like 10.1.0.5, got " + address);
            }
            out = out << 8 | Integer.parseInt(p);
        }
        return out;
    }
}
