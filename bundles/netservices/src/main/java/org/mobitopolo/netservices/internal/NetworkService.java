package org.mobitopolo.netservices.internal;

import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.CRC32;
import org.mobitopolo.api.netservices.ServiceInfo;

/**
 * One network's services, on the frames the switch hands their port: ARP and ping for the services'
 * address, DHCP for the subnet, DNS at the services' address. Everything else on the network (other
 * VMs' unicast the switch floods, multicast, IPv6) is ignored; what is addressed to the services
 * but does not parse is counted as {@code malformed} and dropped.
 */
final class NetworkService {
    static final int DHCP_SERVER_PORT = 67;
    static final int DHCP_CLIENT_PORT = 68;
    static final int DNS_PORT = 53;

    final String network;
    final Subnet subnet;
    final int address;
    final int router;
    final byte[] mac;
    final DhcpPool pool;
    final DnsZone zone;
    final Counters counters = new Counters();
    private final DhcpServer dhcp;
    private final DnsResponder dns;

    /** @param pool null without DHCP; @param zone null without DNS; @param router 0 for none */
    NetworkService(String network, Subnet subnet, int address, int router, DhcpPool pool, DnsZone zone, DnsResponder dns) {
        this.network = network;
        this.subnet = subnet;
        this.address = address;
        this.router = router;
        this.mac = mac(network);
        this.pool = pool;
        this.zone = zone;
        this.dns = dns;
        this.dhcp = pool == null ? null : new DhcpServer(pool, subnet, address, router, zone == null ? 0 : address,
                zone == null ? null : zone.zone, counters);
    }

    /** The services' MAC on a network: locally administered, the same on every host for the same network. */
    static byte[] mac(String network) {
        CRC32 crc = new CRC32();
        crc.update(network.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long c = crc.getValue();
        return new byte[] {0x02, 0x6d, (byte) (c >> 24), (byte) (c >> 16), (byte) (c >> 8), (byte) c};
    }

    /** The frames that answer one that came in; empty for most. */
    List<byte[]> handle(byte[] frame) {
        try {
            if (frame.length < Packets.ETHERNET) {
                throw new Packets.Malformed("runt");
            }
            if (!Packets.isForMacOrBroadcast(frame, mac)) {
                return List.of();
            }
            int type = Packets.etherType(frame);
            if (type == Packets.ETHERTYPE_ARP) {
                return arp(frame);
            }
            if (type == Packets.ETHERTYPE_IPV4) {
                return ipv4(frame);
            }
            return List.of();
        } catch (Packets.Malformed e) {
            counters.count("malformed");
            return List.of();
        }
    }

    private List<byte[]> arp(byte[] frame) throws Packets.Malformed {
        OptionalInt target = Packets.arpRequestTarget(frame);
        if (target.isPresent() && target.getAsInt() == address) {
            counters.count("arp-replies");
            return List.of(Packets.arpReply(frame, mac, address));
        }
        return List.of();
    }

    private List<byte[]> ipv4(byte[] frame) throws Packets.Malformed {
        Packets.Ipv4 ip = Packets.ipv4(frame);
        boolean toUs = ip.destination() == address;
        boolean broadcast = ip.destination() == -1 || ip.destination() == subnet.broadcast();
        if (!toUs && !broadcast) {
            return List.of();
        }
        if (ip.protocol() == Packets.PROTO_ICMP && toUs) {
            byte[] reply = Packets.echoReply(frame, ip, mac);
            if (reply != null) {
                counters.count("echo-replies");
                return List.of(reply);
            }
            return List.of();
        }
        if (ip.protocol() != Packets.PROTO_UDP) {
            return List.of();
        }
        Packets.Udp udp = Packets.udp(frame, ip);
        if (udp.destinationPort() == DHCP_SERVER_PORT && dhcp != null) {
            return dhcp(frame, udp);
        }
        if (udp.destinationPort() == DNS_PORT && zone != null && toUs) {
            byte[] query = new byte[udp.payloadLength()];
            System.arraycopy(frame, udp.payloadOffset(), query, 0, query.length);
            byte[] answer = dns.respond(query, false, counters);
            return answer == null ? List.of()
                    : List.of(Packets.udpFrame(Packets.sourceMac(frame), mac, address, ip.source(), DNS_PORT, udp.sourcePort(), answer));
        }
        return List.of();
    }

    private List<byte[]> dhcp(byte[] frame, Packets.Udp udp) throws Packets.Malformed {
        DhcpMessage request = DhcpMessage.parse(frame, udp.payloadOffset(), udp.payloadLength());
        if (request.giaddr != 0) {
            return List.of(); // relayed from another subnet: not ours to serve
        }
        DhcpMessage reply = dhcp.handle(request);
        if (reply == null) {
            return List.of();
        }
        if (zone != null && reply.type() == DhcpMessage.ACK && request.hostname() != null) {
            zone.leased(request.hostname());
        }
        // RFC 2131 4.1: to a client with an address, there; to one without, by broadcast if it asks or for a NAK, else to its new address
        boolean toBroadcast = reply.type() == DhcpMessage.NAK || request.ciaddr == 0 && request.wantsBroadcast();
        int toIp = request.ciaddr != 0 && reply.type() != DhcpMessage.NAK ? request.ciaddr : toBroadcast ? -1 : reply.yiaddr;
        byte[] toMac = toBroadcast ? Packets.BROADCAST : request.chaddr;
        return List.of(Packets.udpFrame(toMac, mac, address, toIp, DHCP_SERVER_PORT, DHCP_CLIENT_PORT, reply.encode()));
    }

    ServiceInfo info() {
        return new ServiceInfo(network, subnet.toString(), Subnet.text(address), router == 0 ? null : Subnet.text(router),
                HexFormat.ofDelimiter(":").formatHex(mac), pool != null, zone == null ? null : zone.zone, counters.snapshot());
    }
}
