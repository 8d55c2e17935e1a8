package org.mobitopolo.netservices.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DHCP message (RFC 2131, options of RFC 2132): the fixed BOOTP part and the options, as received
 * from a client or made for one. Written here rather than taken from a library: the maintained
 * Java DHCP codecs are parts of whole servers (Apache Directory's, dhcp4java of 2008), and the part
 * a server needs is small.
 */
final class DhcpMessage {
    static final int DISCOVER = 1, OFFER = 2, REQUEST = 3, DECLINE = 4, ACK = 5, NAK = 6, RELEASE = 7, INFORM = 8;
    static final int OPT_SUBNET_MASK = 1, OPT_ROUTER = 3, OPT_DNS = 6, OPT_HOSTNAME = 12, OPT_DOMAIN = 15,
            OPT_BROADCAST = 28, OPT_REQUESTED_IP = 50, OPT_LEASE_TIME = 51, OPT_MESSAGE_TYPE = 53, OPT_SERVER_ID = 54,
            OPT_MESSAGE = 56, OPT_RENEWAL = 58, OPT_REBINDING = 59;
    private static final int BOOTREQUEST = 1, BOOTREPLY = 2;
    private static final int FIXED = 236;
    private static final int MAGIC = 0x63825363;
    private static final int FLAG_BROADCAST = 0x8000;

    final int op;
    final int xid;
    final int flags;
    final int ciaddr;
    final int yiaddr;
    final int giaddr;
    /** The client's hardware address: 6 bytes of Ethernet. */
    final byte[] chaddr;
    final Map<Integer, byte[]> options;

    private DhcpMessage(int op, int xid, int flags, int ciaddr, int yiaddr, int giaddr, byte[] chaddr, Map<Integer, byte[]> options) {
        this.op = op;
        this.xid = xid;
        this.flags = flags;
        this.ciaddr = ciaddr;
        this.yiaddr = yiaddr;
        this.giaddr = giaddr;
        this.chaddr = chaddr;
        this.options = options;
    }

    /** A client's message: a BOOTREQUEST over Ethernet with a message type. */
    static DhcpMessage parse(byte[] b, int offset, int length) throws Packets.Malformed {
        if (length < FIXED + 4) {
            throw new Packets.Malformed("DHCP message cut short");
        }
        ByteBuffer in = ByteBuffer.wrap(b, offset, length).slice();
        int op = in.get() & 0xff;
        int htype = in.get() & 0xff;
        int hlen = in.get() & 0xff;
        if (op != BOOTREQUEST || htype != 1 || hlen != 6) {
            throw new Packets.Malformed("not a BOOTREQUEST from an Ethernet client");
        }
        in.get(); // hops
        int xid = in.getInt();
        in.getShort(); // secs
        int flags = in.getShort() & 0xffff;
        int ciaddr = in.getInt();
        int yiaddr = in.getInt();
        in.getInt(); // siaddr
        int giaddr = in.getInt();
        byte[] chaddr = new byte[6];
        in.get(chaddr);
        in.position(FIXED);
        if (in.getInt() != MAGIC) {
            throw new Packets.Malformed("no DHCP magic cookie");
        }
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        while (in.hasRemaining()) {
            int code = in.get() & 0xff;
            if (code == 0) {
                continue;
            }
            if (code == 255) {
                break;
            }
            if (!in.hasRemaining()) {
                throw new Packets.Malformed("DHCP option " + code + " without its length");
            }
            int len = in.get() & 0xff;
            if (in.remaining() < len) {
                throw new Packets.Malformed("DHCP option " + code + " longer than the message");
            }
            byte[] value = new byte[len];
            in.get(value);
            options.merge(code, value, DhcpMessage::concat); // RFC 3396: a long option comes in parts
        }
        DhcpMessage m = new DhcpMessage(op, xid, flags, ciaddr, yiaddr, giaddr, chaddr, options);
        if (m.type() < DISCOVER || m.type() > INFORM) {
            throw new Packets.Malformed("DHCP message without a known type");
        }
        return m;
    }

    /** The server's answer of {@code type} to {@code request}, offering or acknowledging {@code yiaddr}. */
    static DhcpMessage reply(DhcpMessage request, int type, int yiaddr, Map<Integer, byte[]> options) {
        Map<Integer, byte[]> o = new LinkedHashMap<>();
        o.put(OPT_MESSAGE_TYPE, new byte[] {(byte) type});
        o.putAll(options);
        return new DhcpMessage(BOOTREPLY, request.xid, request.flags, type == ACK ? request.ciaddr : 0, yiaddr, request.giaddr,
                request.chaddr, o);
    }

    byte[] encode() {
        int size = FIXED + 4 + 1;
        for (byte[] v : options.values()) {
            size += 2 + v.length;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.max(size, 300)); // BOOTP's 300-byte minimum, which old clients expect
        out.put((byte) op).put((byte) 1).put((byte) 6).put((byte) 0).putInt(xid).putShort((short) 0).putShort((short) flags)
                .putInt(ciaddr).putInt(yiaddr).putInt(0).putInt(giaddr).put(chaddr);
        out.position(FIXED);
        out.putInt(MAGIC);
        options.forEach((code, value) -> out.put(code.byteValue()).put((byte) value.length).put(value));
        out.put((byte) 255);
        return out.array();
    }

    int type() {
        byte[] t = options.get(OPT_MESSAGE_TYPE);
        return t == null || t.length != 1 ? 0 : t[0] & 0xff;
    }

    boolean wantsBroadcast() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    /** An option holding one IPv4 address, or 0 when absent or not 4 bytes long. */
    int address(int option) {
        byte[] v = options.get(option);
        return v == null || v.length != 4 ? 0 : ByteBuffer.wrap(v).getInt();
    }

    /** The host name the client sent, as a DNS label (letters, digits, hyphens), or null. */
    String hostname() {
        byte[] v = options.get(OPT_HOSTNAME);
        if (v == null) {
            return null;
        }
        String name = new String(v, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        int dot = name.indexOf('.');
        if (dot >= 0) {
            name = name.substring(0, dot);
        }
        return name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?") ? name : null;
    }

    String mac() {
        return HexFormat.ofDelimiter(":").formatHex(chaddr);
    }

    static byte[] addressBytes(int a) {
        return ByteBuffer.allocate(4).putInt(a).array();
    }

    static byte[] seconds(long s) {
        return ByteBuffer.allocate(4).putInt((int) Math.min(s, 0xffffffffL)).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
