package org.mobitopolo.netservices.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/** The zone's answers and RFC 2136 updates, signed as nsupdate signs them (dnsjava's TSIG on the client side). */
class DnsResponderTest {
    private static final String SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
    private final Counters counters = new Counters();
    private DnsResponder dns;
    private DnsZone zone;

    @BeforeEach
    void zone() {
        ServiceTables tables = Tables.fresh();
        dns = new DnsResponder();
        zone = new DnsZone("site-b.mobi", SECRET, 5, Subnet.address("10.2.0.1"), List::of, tables);
        dns.add(zone);
        zone.put("db.site-b.mobi", "10.2.0.20", DnsZone.STATIC);
    }

    private Message ask(String name, int type) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        return new Message(dns.respond(q.toWire(), false, counters));
    }

    private Message send(Message m, TSIG key) throws Exception {
        if (key != null) {
            m.setTSIG(key);
        }
        byte[] wire = m.toWire(65535);
        byte[] answerWire = dns.respond(wire, false, counters);
        Message answer = new Message(answerWire);
        if (answer.getRcode() != Rcode.NOTAUTH && answer.getRcode() != Rcode.REFUSED) {
            assertEquals(Rcode.NOERROR, key.verify(answer, answerWire, new Message(wire).getTSIG()), "the answer is signed with the zone's key");
        }
        return answer;
    }

    private static Update update(String address) throws Exception {
        Update u = new Update(Name.fromString("site-b.mobi."));
        u.replace(Name.fromString("server.site-b.mobi."), Type.A, 5, address);
        return u;
    }

    @Test
    void answersAuthoritativelyAndRefusesOtherZones() throws Exception {
        Message a = ask("db.site-b.mobi.", Type.A);
        assertEquals(Rcode.NOERROR, a.getRcode());
        assertTrue(a.getHeader().getFlag(org.xbill.DNS.Flags.AA));
        assertEquals("10.2.0.20", ((ARecord) a.getSectionArray(Section.ANSWER)[0]).getAddress().getHostAddress());
        assertEquals("10.2.0.1", ((ARecord) ask("ns.site-b.mobi.", Type.A).getSectionArray(Section.ANSWER)[0]).getAddress()
                .getHostAddress());
        Message missing = ask("nobody.site-b.mobi.", Type.A);
        assertEquals(Rcode.NXDOMAIN, missing.getRcode());
        assertTrue(missing.getSectionArray(Section.AUTHORITY)[0] instanceof SOARecord);
        assertEquals(Rcode.NOERROR, ask("db.site-b.mobi.", Type.AAAA).getRcode(), "NODATA: the name exists");
        assertEquals(Rcode.REFUSED, ask("example.com.", Type.A).getRcode(), "no recursion");
    }

    @Test
    void aSignedUpdateChangesTheRecord() throws Exception {
        Message answer = send(update("10.2.0.7"), new TSIG(TSIG.HMAC_SHA256, "site-b.mobi.", SECRET));
        assertEquals(Rcode.NOERROR, answer.getRcode());
        assertEquals("10.2.0.7", ((ARecord) ask("server.site-b.mobi.", Type.A).getSectionArray(Section.ANSWER)[0]).getAddress()
                .getHostAddress());
        assertEquals("update", zone.records().stream().filter(r -> r.name().equals("server.site-b.mobi")).findFirst().orElseThrow()
                .source());
        Update delete = new Update(Name.fromString("site-b.mobi."));
        delete.delete(Name.fromString("server.site-b.mobi."));
        assertEquals(Rcode.NOERROR, send(delete, new TSIG(TSIG.HMAC_SHA256, "site-b.mobi.", SECRET)).getRcode());
        assertEquals(Rcode.NXDOMAIN, ask("server.site-b.mobi.", Type.A).getRcode());
    }

    @Test
    void unsignedOrWronglySignedUpdatesChangeNothing() throws Exception {
        assertEquals(Rcode.REFUSED, send(update("10.2.0.8"), null).getRcode());
        String otherSecret = "b3RoZXJvdGhlcm90aGVyb3RoZXJvdGhlcm90aGVyMTI=";
        assertEquals(Rcode.NOTAUTH, send(update("10.2.0.8"), new TSIG(TSIG.HMAC_SHA256, "site-b.mobi.", otherSecret)).getRcode());
        assertEquals(Rcode.NOTAUTH, send(update("10.2.0.8"), new TSIG(TSIG.HMAC_SHA256, "other.key.", SECRET)).getRcode());
        assertEquals(Rcode.NXDOMAIN, ask("server.site-b.mobi.", Type.A).getRcode());
        assertEquals(1, counters.get("dns-update-unsigned"));
        assertEquals(2, counters.get("dns-update-bad-key"));
    }

    @Test
    void aFailedPrerequisiteChangesNothing() throws Exception {
        Update u = update("10.2.0.9");
        u.absent(Name.fromString("db.site-b.mobi.")); // "name is not in use": it is
        assertEquals(Rcode.YXDOMAIN, send(u, new TSIG(TSIG.HMAC_SHA256, "site-b.mobi.", SECRET)).getRcode());
        assertEquals(Rcode.NXDOMAIN, ask("server.site-b.mobi.", Type.A).getRcode());
    }

    @Test
    void malformedMessagesGetFormerrOrNothing() {
        byte[] header = {0x12, 0x34, 0x01, 0x00, 0, 5, 0, 0, 0, 0, 0, 0}; // five questions promised, none there
        byte[] answer = dns.respond(header, false, counters);
        assertEquals(0x12, answer[0]);
        assertEquals(Rcode.FORMERR, answer[3] & 0x0f);
        assertNull(dns.respond(new byte[] {1, 2, 3}, false, counters));
        assertEquals(2, counters.get("dns-malformed"));
    }

    @Test
    void randomDatagramsNeverThrow() {
        Random random = new Random(42);
        NetworkService service = new NetworkService("fuzz", Subnet.parse("10.9.0.0/24"), Subnet.address("10.9.0.1"), 0,
                new DhcpPool("fuzz", Subnet.parse("10.9.0.0/24"), Subnet.address("10.9.0.1"), 0, java.time.Duration.ofHours(1),
                        Tables.fresh(), java.time.Clock.systemUTC()), zone, dns);
        Client c = new Client("02:00:00:00:00:0a");
        byte[][] seeds = {c.dhcp(DhcpMessage.DISCOVER, 1, 0, 0, 0, "x"), c.arpRequest(0, Subnet.address("10.9.0.1")),
            c.ping(service.mac, Subnet.address("10.9.0.5"), Subnet.address("10.9.0.1"), 1, 1)};
        for (int i = 0; i < 20_000; i++) {
            byte[] frame;
            if (i % 2 == 0) { // a valid frame with a few bytes changed, so parsing goes deep before it fails
                frame = seeds[i % seeds.length].clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    frame[14 + random.nextInt(frame.length - 14)] = (byte) random.nextInt();
                }
            } else {
                frame = new byte[random.nextInt(600)];
                random.nextBytes(frame);
            }
            service.handle(frame);
            dns.respond(java.util.Arrays.copyOfRange(frame, Math.min(frame.length, 14), frame.length), i % 3 == 0, counters);
        }
        assertTrue(service.counters.get("malformed") > 0, service.counters.snapshot().toString());
    }
}
