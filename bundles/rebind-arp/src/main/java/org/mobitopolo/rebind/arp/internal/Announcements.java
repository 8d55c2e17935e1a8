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
 * address update their caches from; an unsolicited neighbour advertisement (RFC 4861 7.2.6: to all
 * nodes, override set) per IPv6 address, its link-local one (EUI-64 from the MAC, as Linux forms it)
 * always; and a RARP request for the MAC, which is what QEMU sends after a migration and what
 * announces a NIC whose addresses are unknown.
 */
final class Announcements {
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_RARP = 0x8035;
    private static final int ARP_REQUEST = 1;
    private static final int RARP_REQUEST = 3;
    /** The shortest Ethernet frame without its FCS; shorter ones are padded. */
    private static final int MIN_FRAME = 60;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ICMPV6 = 58;
    private static final int NEIGHBOR_ADVERTISEMENT = 136;
    /** ff02::1, all nodes, and its Ethernet group address 33:33:00:00:00:01. */
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};

    private Announcements() {}

    /**
     * The frames for a MAC and its addresses: ARP, then neighbour advertisements (the link-local
     * address's first), RARP last.
     *
     * @throws IllegalArgumentException for an address that is not an IP literal
     */
    static List<byte[]> of(String mac, List<String> addresses) {
        byte[] hw = HexFormat.ofDelimiter(":").parseHex(mac);
        List<byte[]> frames = new ArrayList<>();
        List<byte[]> ipv6 = new ArrayList<>();
        byte[] linkLocal = linkLocal(hw);
        ipv6.add(linkLocal);
        for (String a : addresses) {
            InetAddress ip = ip(a);
            if (ip instanceof Inet4Address) {
                frames.add(frame(hw, ETHERTYPE_ARP, ARP_REQUEST, hw, ip.getAddress(), new byte[6], ip.getAddress()));
            } else if (!java.util.Arrays.equals(ip.getAddress(), linkLocal)) {
                ipv6.add(ip.getAddress());
            }
        }
        ipv6.forEach(target -> frames.add(neighborAdvertisement(hw, target)));
        frames.add(frame(hw, ETHERTYPE_RARP, RARP_REQUEST, hw, new byte[4], hw, new byte[4]));
        return frames;
    }

    /** fe80::/64 with the modified EUI-64 of the MAC (RFC 4291 appendix A): the universal/local bit flipped, ff:fe inserted. */
    static byte[] linkLocal(byte[] mac) {
        return new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, (byte) (mac[0] ^ 0x02), mac[1], mac[2], (byte) 0xff,
            (byte) 0xfe, mac[3], mac[4], mac[5]};
    }

    /** An unsolicited neighbour advertisement of {@code target} from it, override set, with the MAC as target link-layer option. */
    private static byte[] neighborAdvertisement(byte[] mac, byte[] target) {
        byte[] icmp = ByteBuffer.allocate(32)
                .put((byte) NEIGHBOR_ADVERTISEMENT).put((byte) 0).putShort((short) 0)
                .putInt(0x20000000) // O: override what caches hold; neither R (router) nor S (solicited)
                .put(target)
                .put((byte) 2).put((byte) 1).put(mac) // option: target link-layer address, 8 bytes
                .array();
        long sum = 0;
        for (byte[] part : new byte[][] {target, ALL_NODES}) { // the pseudo-header (RFC 8200 8.1): source, destination
            for (int i = 0; i < 16; i += 2) {
                sum += (part[i] & 0xff) << 8 | (part[i + 1] & 0xff);
            }
        }
        sum += icmp.length + ICMPV6;
        for (int i = 0; i < icmp.length; i += 2) {
            sum += (icmp[i] & 0xff) << 8 | (icmp[i + 1] & 0xff);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        int checksum = (int) ~sum & 0xffff;
        icmp[2] = (byte) (checksum >> 8);
        icmp[3] = (byte) checksum;
        return ByteBuffer.allocate(14 + 40 + icmp.length)
                .put(ALL_NODES_MAC).put(mac).putShort((short) ETHERTYPE_IPV6)
                .putInt(0x60000000).putShort((short) icmp.length).put((byte) ICMPV6).put((byte) 255) // hop limit 255, as RFC 4861 requires
                .put(target).put(ALL_NODES).put(icmp)
                .array();
    }

    /** An IP literal, v4 or v6. */
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
