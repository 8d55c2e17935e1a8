package org.mobitopolo.netservices.internal;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Frames as a VM's stack sends them: DHCP as udhcpc does, DNS queries, ARP requests and pings. */
final class Client {
    final byte[] mac;

    Client(String mac) {
        this.mac = HexFormat.ofDelimiter(":").parseHex(mac);
    }

    /** A DHCP message of {@code type} from this client, broadcast from 0.0.0.0 unless it has {@code ciaddr}. */
    byte[] dhcp(int type, int xid, int ciaddr, int requested, int serverId, String hostname) {
        ByteBuffer m = ByteBuffer.allocate(300);
        m.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 0).putInt(xid).putShort((short) 0).putShort((short) 0)
                .putInt(ciaddr).putInt(0).putInt(0).putInt(0).put(mac);
        m.position(236);
        m.putInt(0x63825363);
        m.put((byte) 53).put((byte) 1).put((byte) type);
        if (requested != 0) {
            m.put((byte) 50).put((byte) 4).putInt(requested);
        }
        if (serverId != 0) {
            m.put((byte) 54).put((byte) 4).putInt(serverId);
        }
        if (hostname != null) {
            m.put((byte) 12).put((byte) hostname.length()).put(hostname.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        m.put((byte) 255);
        return Packets.udpFrame(Packets.BROADCAST, mac, ciaddr, ciaddr != 0 ? serverId : -1, 68, 67, m.array());
    }

    byte[] udp(byte[] toMac, int from, int to, int srcPort, int dstPort, byte[] payload) {
        return Packets.udpFrame(toMac, mac, from, to, srcPort, dstPort, payload);
    }

    byte[] arpRequest(int from, int target) {
        return ByteBuffer.allocate(60).put(Packets.BROADCAST).put(mac).putShort((short) 0x0806)
                .putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1)
                .put(mac).putInt(from).put(new byte[6]).putInt(target).array();
    }

    byte[] ping(byte[] toMac, int from, int to, int id, int seq) {
        byte[] icmp = ByteBuffer.allocate(16).put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) id)
                .putShort((short) seq).putLong(0x0123456789abcdefL).array();
        int sum = Packets.checksum(icmp, 0, icmp.length, 0);
        icmp[2] = (byte) (sum >> 8);
        icmp[3] = (byte) sum;
        return Packets.ipv4Frame(toMac, mac, from, to, Packets.PROTO_ICMP, icmp);
    }
}
