package org.mobitopolo.rebind.arp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The frames that announce a NIC at its new place: an ARP announcement (RFC 5227: a request whose
 * sender and target address are both the NIC's) per IPv4 address, which neighbours holding the
 * address update their caches from, and a RARP request for the MAC, which is what QEMU sends after a
 * migration and what announces a NIC whose addresses are unknown.
 */
final class Announcements {
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_RARP = 0x8035;
    private static final int ARP_REQUEST = 1;
    private static final int RARP_REQUEST = 3;
    /** The shortest Ethernet frame without its FCS; shorter ones are padded. */
    private static final int MIN_FRAME = 60;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private Announcements() {}

    /**
     * The frames for a MAC and its addresses, RARP last.
     *
     * @throws IllegalArgumentException for an address that is not an IP literal
     */
    static List<byte[]> of(String mac, List<String> addresses) {
        byte[] hw = HexFormat.ofDelimiter(":").parseHex(mac);
        List<byte[]> frames = new ArrayList<>();
        for (String a : addresses) {
            if (ip(a) instanceof Inet4Address ip) {
                frames.add(frame(hw, ETHERTYPE_ARP, ARP_REQUEST, hw, ip.getAddress(), new byte[6], ip.getAddress()));
            }
        }
        frames.add(frame(hw, ETHERTYPE_RARP, RARP_REQUEST, hw, new byte[4], hw, new byte[4]));
        return frames;
    }

    /** An IP literal; IPv6 ones are left out: IPv6 is announced by neighbour advertisements, which this does not send. */
    private static InetAddress ip(String address) {
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP address: " + address); // no name lookups here
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    private static byte[] frame(byte[] source, int etherType, int operation, byte[] senderHw, byte[] senderIp,
            byte[] targetHw, byte[] targetIp) {
        return ByteBuffer.allocate(MIN_FRAME)
                .put(BROADCAST).put(source).putShort((short) etherType)
                .putShort((short) 1) // hardware: Ethernet
                .putShort((short) 0x0800) // protocol: IPv4
                .put((byte) 6).put((byte) 4)
                .putShort((short) operation)
                .put(senderHw).put(senderIp).put(targetHw).put(targetIp)
                .array(); // the rest is the zero padding
    }
}
