package org.mobitopolo.netservices.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A network's services fed the frames a VM sends, answering with the frames the VM would get. */
class NetworkServiceTest {
    private static final int GATEWAY = Subnet.address("10.1.0.1");
    private static final int ROUTER = Subnet.address("10.1.0.254");
    private ServiceTables tables;
    private NetworkService service;

    @BeforeEach
    void services() {
        tables = Tables.fresh();
        service = make("10.1.0.0/24");
    }

    private NetworkService make(String subnet) {
        Subnet s = Subnet.parse(subnet);
        DhcpPool pool = new DhcpPool("site-a", s, GATEWAY, ROUTER, Duration.ofHours(1), tables, Clock.systemUTC());
        DnsResponder dns = new DnsResponder();
        DnsZone zone = new DnsZone("site-a.mobi", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=", 5, GATEWAY, pool::activeBindings, tables);
        dns.add(zone);
        return new NetworkService("site-a", s, GATEWAY, ROUTER, pool, zone, dns);
    }

    /** DISCOVER, OFFER, REQUEST, ACK: the address the client is given. */
    private int lease(Client c, String hostname) {
        DhcpMessage offer = reply(service.handle(c.dhcp(DhcpMessage.DISCOVER, 7, 0, 0, 0, hostname)));
        assertEquals(DhcpMessage.OFFER, offer.type());
        DhcpMessage ack = reply(service.handle(c.dhcp(DhcpMessage.REQUEST, 7, 0, offer.yiaddr, GATEWAY, hostname)));
        assertEquals(DhcpMessage.ACK, ack.type());
        assertEquals(offer.yiaddr, ack.yiaddr);
        return ack.yiaddr;
    }

    /** The DHCP reply inside the one frame answered, checked as the client's stack would check it. */
    private static DhcpMessage reply(List<byte[]> frames) {
        assertEquals(1, frames.size());
        try {
            Packets.Ipv4 ip = Packets.ipv4(frames.get(0));
            Packets.Udp udp = Packets.udp(frames.get(0), ip);
            assertEquals(67, udp.sourcePort());
            assertEquals(68, udp.destinationPort());
            assertEquals(GATEWAY, ip.source());
            assertUdpChecksum(frames.get(0), ip);
            // parse() wants a BOOTREQUEST; a client reads the same layout with op 2
            byte[] m = new byte[udp.payloadLength()];
            System.arraycopy(frames.get(0), udp.payloadOffset(), m, 0, m.length);
            assertEquals(2, m[0]);
            m[0] = 1;
            return DhcpMessage.parse(m, 0, m.length);
        } catch (Packets.Malformed e) {
            throw new AssertionError(e);
        }
    }

    private static void assertUdpChecksum(byte[] frame, Packets.Ipv4 ip) {
        ByteBuffer pseudo = ByteBuffer.allocate(12 + ip.payloadLength()).putInt(ip.source()).putInt(ip.destination())
                .put((byte) 0).put((byte) 17).putShort((short) ip.payloadLength()).put(frame, ip.payloadOffset(), ip.payloadLength());
        assertEquals(0, Packets.checksum(pseudo.array(), 0, pseudo.capacity(), 0), "UDP checksum");
    }

    @Test
    void twoClientsGetDistinctAddressesWithTheNetworksOptions() {
        Client a = new Client("02:00:00:00:00:0a");
        Client b = new Client("02:00:00:00:00:0b");
        // both ask before either requests, as VMs booted together do
        DhcpMessage offerA = reply(service.handle(a.dhcp(DhcpMessage.DISCOVER, 1, 0, 0, 0, "client")));
        DhcpMessage offerB = reply(service.handle(b.dhcp(DhcpMessage.DISCOVER, 2, 0, 0, 0, "server")));
        assertNotEquals(offerA.yiaddr, offerB.yiaddr);
        assertEquals("10.1.0.2", Subnet.text(offerA.yiaddr)); // .1 is the services'
        assertEquals(Subnet.address("255.255.255.0"), offerA.address(DhcpMessage.OPT_SUBNET_MASK));
        assertEquals(ROUTER, offerA.address(DhcpMessage.OPT_ROUTER));
        assertEquals(GATEWAY, offerA.address(DhcpMessage.OPT_DNS));
        assertEquals(GATEWAY, offerA.address(DhcpMessage.OPT_SERVER_ID));
        assertEquals("site-a.mobi", new String(offerA.options.get(DhcpMessage.OPT_DOMAIN)));
        assertEquals(3600, ByteBuffer.wrap(offerA.options.get(DhcpMessage.OPT_LEASE_TIME)).getInt());
        DhcpMessage ackB = reply(service.handle(b.dhcp(DhcpMessage.REQUEST, 2, 0, offerB.yiaddr, GATEWAY, "server")));
        assertEquals(DhcpMessage.ACK, ackB.type());
        assertEquals(List.of("server.site-a.mobi"), service.zone.records().stream().filter(r -> r.source().equals("lease"))
                .map(org.mobitopolo.api.netservices.DnsRecord::name).toList());
    }

    @Test
    void aNewLeaseOfANameReplacesItsDynamicUpdateButNotAStaticRecord() {
        service.zone.put("server.site-a.mobi", "10.2.0.7", DnsZone.UPDATE); // it moved to another subnet
        service.zone.put("web.site-a.mobi", "10.9.9.9", DnsZone.STATIC);
        int server = lease(new Client("02:00:00:00:00:0c"), "server"); // a VM of that name here again
        lease(new Client("02:00:00:00:00:0d"), "web");
        assertEquals(Subnet.text(server), service.zone.lookup("server.site-a.mobi").orElseThrow());
        assertEquals("10.9.9.9", service.zone.lookup("web.site-a.mobi").orElseThrow());
    }

    @Test
    void aMacGetsItsAddressBackAfterARestart() {
        Client a = new Client("02:00:00:00:00:0a");
        lease(new Client("02:00:00:00:00:01"), null);
        int first = lease(a, "a");
        service = make("10.1.0.0/24"); // a new runtime on the same store
        assertEquals(first, lease(a, "a"));
        assertEquals(2, service.pool.leases().size());
    }

    @Test
    void aRequestForAnotherClientsAddressIsRefusedWithANak() {
        int taken = lease(new Client("02:00:00:00:00:0a"), null);
        DhcpMessage nak = reply(service.handle(new Client("02:00:00:00:00:0b").dhcp(DhcpMessage.REQUEST, 9, 0, taken, GATEWAY, null)));
        assertEquals(DhcpMessage.NAK, nak.type());
        assertEquals(1, service.counters.get("dhcp-naks"));
    }

    @Test
    void anExhaustedPoolOffersNothingAndSaysSoInItsCounters() {
        service = make("10.1.0.0/30"); // .1 the services', .2 the only address left (.254 is outside)
        lease(new Client("02:00:00:00:00:0a"), null);
        assertEquals(List.of(), service.handle(new Client("02:00:00:00:00:0b").dhcp(DhcpMessage.DISCOVER, 3, 0, 0, 0, null)));
        assertEquals(1, service.counters.get("dhcp-pool-exhausted"));
    }

    @Test
    void aReleasedAddressStaysTheMacsWhileOthersFindFreshOnes() {
        Client a = new Client("02:00:00:00:00:0a");
        int first = lease(a, null);
        service.handle(a.dhcp(DhcpMessage.RELEASE, 4, first, 0, GATEWAY, null));
        assertEquals(false, service.pool.leases().get(0).active());
        assertNotEquals(first, lease(new Client("02:00:00:00:00:0b"), null));
        assertEquals(first, lease(a, null));
    }

    @Test
    void arpAndPingForTheServicesAddressAreAnswered() throws Exception {
        Client c = new Client("02:00:00:00:00:0a");
        int me = Subnet.address("10.1.0.7");
        List<byte[]> arp = service.handle(c.arpRequest(me, GATEWAY));
        assertEquals(1, arp.size());
        assertArrayEquals(service.mac, java.util.Arrays.copyOfRange(arp.get(0), 22, 28), "sender MAC of the reply");
        assertEquals(GATEWAY, Packets.s32(arp.get(0), 28));
        assertEquals(List.of(), service.handle(c.arpRequest(me, Subnet.address("10.1.0.9"))), "another address: not ours");

        List<byte[]> pong = service.handle(c.ping(service.mac, me, GATEWAY, 77, 1));
        assertEquals(1, pong.size());
        Packets.Ipv4 ip = Packets.ipv4(pong.get(0)); // checks the header checksum
        assertEquals(me, ip.destination());
        assertEquals(0, pong.get(0)[ip.payloadOffset()], "echo reply");
        assertEquals(0, Packets.checksum(pong.get(0), ip.payloadOffset(), ip.payloadLength(), 0), "ICMP checksum");
        assertEquals(1, service.counters.get("echo-replies"));
    }

    @Test
    void dnsAtTheServicesAddressAnswersTheLeasesNames() throws Exception {
        Client server = new Client("02:00:00:00:00:0b");
        int address = lease(server, "server");
        Client c = new Client("02:00:00:00:00:0a");
        Message query = Message.newQuery(Record.newRecord(Name.fromString("server.site-a.mobi."), Type.A, DClass.IN));
        List<byte[]> answer = service.handle(c.udp(service.mac, Subnet.address("10.1.0.9"), GATEWAY, 40000, 53, query.toWire()));
        assertEquals(1, answer.size());
        Packets.Udp udp = Packets.udp(answer.get(0), Packets.ipv4(answer.get(0)));
        assertEquals(40000, udp.destinationPort());
        byte[] wire = new byte[udp.payloadLength()];
        System.arraycopy(answer.get(0), udp.payloadOffset(), wire, 0, wire.length);
        Message m = new Message(wire);
        assertEquals(Rcode.NOERROR, m.getRcode());
        ARecord a = (ARecord) m.getSectionArray(Section.ANSWER)[0];
        assertEquals(Subnet.text(address), a.getAddress().getHostAddress());
        assertEquals(5, a.getTTL());
    }

    @Test
    void framesForOthersAreIgnoredAndBrokenOnesCounted() {
        Client c = new Client("02:00:00:00:00:0a");
        byte[] otherVm = {2, 0, 0, 0, 0, 0x0b};
        assertEquals(List.of(), service.handle(c.ping(otherVm, Subnet.address("10.1.0.7"), Subnet.address("10.1.0.8"), 1, 1)));
        byte[] broken = c.ping(service.mac, Subnet.address("10.1.0.7"), GATEWAY, 1, 1);
        broken[24] ^= 0x55; // the IPv4 header checksum
        assertEquals(List.of(), service.handle(broken));
        assertEquals(List.of(), service.handle(new byte[] {1, 2, 3}));
        assertEquals(2, service.counters.get("malformed"));
        assertTrue(service.info().counters().containsKey("malformed"));
    }
}
