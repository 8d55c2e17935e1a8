package org.mobitopolo.netservices.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A network's DHCP server (RFC 2131): DISCOVER gets an OFFER, REQUEST an ACK or a NAK, RELEASE
 * ends the lease, INFORM gets the options alone; DECLINE and messages for other servers get nothing.
 */
final class DhcpServer {
    private final DhcpPool pool;
    private final Subnet subnet;
    private final int server;
    private final int router;
    private final int dns;
    private final String domain;
    private final Counters counters;

    /** @param router the default route to give, or 0; @param dns the name server to give, or 0; @param domain or null */
    DhcpServer(DhcpPool pool, Subnet subnet, int server, int router, int dns, String domain, Counters counters) {
        this.pool = pool;
        this.subnet = subnet;
        this.server = server;
        this.router = router;
        this.dns = dns;
        this.domain = domain;
        this.counters = counters;
    }

    /** The answer to a client's message, or null when none is due. */
    DhcpMessage handle(DhcpMessage m) {
        String mac = m.mac();
        switch (m.type()) {
            case DhcpMessage.DISCOVER -> {
                OptionalInt a = pool.offer(mac, m.address(DhcpMessage.OPT_REQUESTED_IP));
                if (a.isEmpty()) {
                    counters.count("dhcp-pool-exhausted"); // RFC 2131 4.3.1: no address, no offer
                    return null;
                }
                counters.count("dhcp-offers");
                return DhcpMessage.reply(m, DhcpMessage.OFFER, a.getAsInt(), options(true));
            }
            case DhcpMessage.REQUEST -> {
                int serverId = m.address(DhcpMessage.OPT_SERVER_ID);
                if (serverId != 0 && serverId != server) {
                    return null; // the client took another server's offer
                }
                int wanted = m.address(DhcpMessage.OPT_REQUESTED_IP) != 0 ? m.address(DhcpMessage.OPT_REQUESTED_IP) : m.ciaddr;
                ServiceTables.Binding b = pool.request(mac, wanted, m.hostname());
                if (b == null) {
                    counters.count("dhcp-naks");
                    Map<Integer, byte[]> o = new LinkedHashMap<>();
                    o.put(DhcpMessage.OPT_SERVER_ID, DhcpMessage.addressBytes(server));
                    o.put(DhcpMessage.OPT_MESSAGE, ("address " + Subnet.text(wanted) + " is not yours on " + subnet)
                            .getBytes(StandardCharsets.US_ASCII));
                    return DhcpMessage.reply(m, DhcpMessage.NAK, 0, o);
                }
                counters.count("dhcp-acks");
                return DhcpMessage.reply(m, DhcpMessage.ACK, b.address(), options(true));
            }
            case DhcpMessage.RELEASE -> {
                if (m.address(DhcpMessage.OPT_SERVER_ID) == server) {
                    pool.release(mac);
                    counters.count("dhcp-releases");
                }
                return null;
            }
            case DhcpMessage.INFORM -> {
                counters.count("dhcp-informs");
                return DhcpMessage.reply(m, DhcpMessage.ACK, 0, options(false));
            }
            default -> {
                counters.count("dhcp-ignored"); // DECLINE, and a server's own message types
                return null;
            }
        }
    }

    private Map<Integer, byte[]> options(boolean lease) {
        Map<Integer, byte[]> o = new LinkedHashMap<>();
        o.put(DhcpMessage.OPT_SERVER_ID, DhcpMessage.addressBytes(server));
        if (lease) {
            long s = pool.leaseTime().toSeconds();
            o.put(DhcpMessage.OPT_LEASE_TIME, DhcpMessage.seconds(s));
            o.put(DhcpMessage.OPT_RENEWAL, DhcpMessage.seconds(s / 2));
            o.put(DhcpMessage.OPT_REBINDING, DhcpMessage.seconds(s * 7 / 8));
        }
        o.put(DhcpMessage.OPT_SUBNET_MASK, DhcpMessage.addressBytes(subnet.mask()));
        o.put(DhcpMessage.OPT_BROADCAST, DhcpMessage.addressBytes(subnet.broadcast()));
        if (router != 0) {
            o.put(DhcpMessage.OPT_ROUTER, DhcpMessage.addressBytes(router));
        }
        if (dns != 0) {
            o.put(DhcpMessage.OPT_DNS, DhcpMessage.addressBytes(dns));
        }
        if (domain != null) {
            o.put(DhcpMessage.OPT_DOMAIN, domain.getBytes(StandardCharsets.US_ASCII));
        }
        return o;
    }
}
