package org.mobitopolo.netservices.internal;

import java.nio.ByteBuffer;

/**
 * The few layers the services read and write, on whole Ethernet frames: Ethernet II, ARP, IPv4
 * (options skipped, fragments refused), UDP and ICMP echo. Every read is bounds-checked; what does
 * not parse is {@link Malformed}.
 */
final class Packets {
    static final int ETHERNET = 14;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int PROTO_ICMP = 1;
    static final int PROTO_UDP = 17;
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final int IPV4_HEADER = 20;
    private static final int UDP_HEADER = 8;
    /** The shortest Ethernet frame without its FCS; shorter ones are padded. */
    private static final int MIN_FRAME = 60;
    private static final int TTL = 64;

    /** A frame or packet that does not parse; without a stack trace, since a VM can send them by the thousand. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /** An IPv4 packet inside a frame: its header's fields, and where its payload lies in the frame. */
    record Ipv4(int source, int destination, int protocol, int payloadOffset, int payloadLength) {}

    /** A UDP datagram inside a frame. */
    record Udp(Ipv4 ip, int sourcePort, int destinationPort, int payloadOffset, int payloadLength) {}

    private Packets() {}

    static int etherType(byte[] frame) throws Malformed {
        need(frame, 0, ETHERNET);
        return u16(frame, 12);
    }

    static byte[] sourceMac(byte[] frame) {
        byte[] mac = new byte[6];
        System.arraycopy(frame, 6, mac, 0, 6);
        return mac;
    }

    static boolean isForMacOrBroadcast(byte[] frame, byte[] mac) {
        boolean broadcast = true;
        boolean ours = true;
        for (int i = 0; i < 6; i++) {
            broadcast &= frame[i] == -1;
            ours &= frame[i] == mac[i];
        }
        return broadcast || ours;
    }

    static Ipv4 ipv4(byte[] frame) throws Malformed {
        need(frame, ETHERNET, IPV4_HEADER);
        int v = frame[ETHERNET] & 0xff;
        int headerLength = (v & 0x0f) * 4;
        if (v >> 4 != 4 || headerLength < IPV4_HEADER) {
            throw new Malformed("not an IPv4 header");
        }
        int total = u16(frame, ETHERNET + 2);
        if (total < headerLength) {
            throw new Malformed("IPv4 total length shorter than its header");
        }
        need(frame, ETHERNET, total);
        if ((u16(frame, ETHERNET + 6) & 0x3fff) != 0) {
            throw new Malformed("IPv4 fragment"); // more fragments or an offset: nothing served needs them
        }
        if (checksum(frame, ETHERNET, headerLength, 0) != 0) {
            throw new Malformed("IPv4 header checksum");
        }
        return new Ipv4(s32(frame, ETHERNET + 12), s32(frame, ETHERNET + 16), frame[ETHERNET + 9] & 0xff,
                ETHERNET + headerLength, total - headerLength);
    }

    static Udp udp(byte[] frame, Ipv4 ip) throws Malformed {
        if (ip.payloadLength() < UDP_HEADER) {
            throw new Malformed("UDP header cut short");
        }
        int at = ip.payloadOffset();
        int length = u16(frame, at + 4);
        if (length < UDP_HEADER || length > ip.payloadLength()) {
            throw new Malformed("UDP length " + length + " does not fit its packet");
        }
        return new Udp(ip, u16(frame, at), u16(frame, at + 2), at + UDP_HEADER, length - UDP_HEADER);
    }

    /** A frame carrying a UDP datagram, with both checksums. */
    static byte[] udpFrame(byte[] dstMac, byte[] srcMac, int srcIp, int dstIp, int srcPort, int dstPort, byte[] payload) {
        ByteBuffer udp = ByteBuffer.allocate(UDP_HEADER + payload.length)
                .putShort((short) srcPort).putShort((short) dstPort).putShort((short) (UDP_HEADER + payload.length))
                .putShort((short) 0).put(payload);
        byte[] u = udp.array();
        int sum = checksum(u, 0, u.length, pseudoHeader(srcIp, dstIp, PROTO_UDP, u.length));
        if (sum == 0) {
            sum = 0xffff; // RFC 768: a computed zero is sent as all ones; zero means no checksum
        }
        u[6] = (byte) (sum >> 8);
        u[7] = (byte) sum;
        return ipv4Frame(dstMac, srcMac, srcIp, dstIp, PROTO_UDP, u);
    }

    /** A frame carrying an IPv4 packet of {@code protocol}, header checksummed. */
    static byte[] ipv4Frame(byte[] dstMac, byte[] srcMac, int srcIp, int dstIp, int protocol, byte[] payload) {
        int total = IPV4_HEADER + payload.length;
        ByteBuffer f = ByteBuffer.allocate(Math.max(MIN_FRAME, ETHERNET + total));
        f.put(dstMac).put(srcMac).putShort((short) ETHERTYPE_IPV4)
                .put((byte) 0x45).put((byte) 0).putShort((short) total)
                .putShort((short) 0).putShort((short) 0x4000) // no id, don't fragment
                .put((byte) TTL).put((byte) protocol).putShort((short) 0)
                .putInt(srcIp).putInt(dstIp).put(payload);
        byte[] frame = f.array();
        int sum = checksum(frame, ETHERNET, IPV4_HEADER, 0);
        frame[ETHERNET + 10] = (byte) (sum >> 8);
        frame[ETHERNET + 11] = (byte) sum;
        return frame;
    }

    /** An ARP reply from {@code mac}/{@code ip} to the sender of {@code request}. */
    static byte[] arpReply(byte[] request, byte[] mac, int ip) {
        byte[] requester = new byte[6];
        System.arraycopy(request, ETHERNET + 8, requester, 0, 6);
        int requesterIp = s32(request, ETHERNET + 14);
        return ByteBuffer.allocate(MIN_FRAME)
                .put(requester).put(mac).putShort((short) ETHERTYPE_ARP)
                .putShort((short) 1).putShort((short) ETHERTYPE_IPV4).put((byte) 6).put((byte) 4)
                .putShort((short) 2) // reply
                .put(mac).putInt(ip).put(requester).putInt(requesterIp)
                .array();
    }

    /** The target address of an ARP request for an IPv4 address over Ethernet; empty for any other ARP. */
    static java.util.OptionalInt arpRequestTarget(byte[] frame) throws Malformed {
        need(frame, ETHERNET, 28);
        if (u16(frame, ETHERNET) != 1 || u16(frame, ETHERNET + 2) != ETHERTYPE_IPV4 || frame[ETHERNET + 4] != 6
                || frame[ETHERNET + 5] != 4) {
            throw new Malformed("ARP for something other than IPv4 over Ethernet");
        }
        return u16(frame, ETHERNET + 6) == 1 ? java.util.OptionalInt.of(s32(frame, ETHERNET + 24)) : java.util.OptionalInt.empty();
    }

    /** The echo reply to an ICMP echo request inside {@code frame}; null when it is some other ICMP message. */
    static byte[] echoReply(byte[] frame, Ipv4 ip, byte[] mac) throws Malformed {
        int at = ip.payloadOffset();
        if (ip.payloadLength() < 8) {
            throw new Malformed("ICMP header cut short");
        }
        if (checksum(frame, at, ip.payloadLength(), 0) != 0) {
            throw new Malformed("ICMP checksum");
        }
        if (frame[at] != 8 || frame[at + 1] != 0) {
            return null;
        }
        byte[] icmp = new byte[ip.payloadLength()];
        System.arraycopy(frame, at, icmp, 0, icmp.length);
        icmp[0] = 0; // echo reply; identifier, sequence and data as they came
        icmp[2] = 0;
        icmp[3] = 0;
        int sum = checksum(icmp, 0, icmp.length, 0);
        icmp[2] = (byte) (sum >> 8);
        icmp[3] = (byte) sum;
        return ipv4Frame(sourceMac(frame), mac, ip.destination(), ip.source(), PROTO_ICMP, icmp);
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes, starting from a partial sum. */
    static int checksum(byte[] b, int offset, int length, int initial) {
        long sum = initial;
        int i = offset;
        for (; i + 1 < offset + length; i += 2) {
            sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if (i < offset + length) {
            sum += (b[i] & 0xff) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) ~sum & 0xffff;
    }

    private static int pseudoHeader(int src, int dst, int protocol, int length) {
        long sum = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) sum;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static int s32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void need(byte[] frame, int offset, int length) throws Malformed {
        if (frame.length < offset + length) {
            throw new Malformed("frame cut short");
        }
    }
}
