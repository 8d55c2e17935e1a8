package org.mobitopolo.netservices.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Answers DNS messages for every zone the networks serve, with dnsjava doing the wire format and
 * TSIG: authoritative answers to queries (A, SOA, NS; NXDOMAIN and NODATA with the SOA), REFUSED for
 * names outside them (no recursion), and RFC 2136 updates of A records, only when signed with the
 * zone's key (unsigned: REFUSED; a wrong key or signature: NOTAUTH).
 */
final class DnsResponder {
    private static final int UDP_LIMIT = 512;

    private final Map<Name, DnsZone> zones = new ConcurrentHashMap<>();

    void add(DnsZone zone) {
        zones.put(zone.origin, zone);
    }

    void remove(String zone) {
        zones.values().removeIf(z -> z.zone.equals(zone));
    }

    Optional<DnsZone> zone(String zone) {
        return zones.values().stream().filter(z -> z.zone.equals(zone)).findFirst();
    }

    /**
     * The answer to a message, or null when it gets none (it is itself an answer, or not even a
     * header); what it was is counted in {@code counters}.
     */
    byte[] respond(byte[] wire, boolean tcp, Counters counters) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            counters.count("dns-malformed");
            return formatError(wire);
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            counters.count("dns-malformed");
            return null;
        }
        Message answer;
        try {
            answer = switch (query.getHeader().getOpcode()) {
                case Opcode.QUERY -> query(query);
                case Opcode.UPDATE -> update(query, wire, counters);
                default -> error(query, Rcode.NOTIMP);
            };
        } catch (RuntimeException e) { // the store, most likely: the client may try again
            answer = error(query, Rcode.SERVFAIL);
        }
        counters.count("dns-" + Rcode.string(answer.getRcode()).toLowerCase(java.util.Locale.ROOT));
        return tcp ? answer.toWire(65535) : answer.toWire(UDP_LIMIT); // toWire(limit) truncates and sets TC when too long
    }

    private Message query(Message query) {
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            return error(query, Rcode.FORMERR);
        }
        DnsZone zone = zoneOf(question.getName());
        if (zone == null || question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            return error(query, Rcode.REFUSED);
        }
        Message r = reply(query);
        r.getHeader().setFlag(Flags.AA);
        String name = text(question.getName());
        int type = question.getType();
        Optional<String> address = zone.lookup(name);
        if (address.isPresent() && (type == Type.A || type == Type.ANY)) {
            r.addRecord(a(question.getName(), address.get(), zone.ttl), Section.ANSWER);
        }
        if (name.equals(zone.zone) && (type == Type.SOA || type == Type.ANY)) {
            r.addRecord(soa(zone), Section.ANSWER);
        }
        if (name.equals(zone.zone) && (type == Type.NS || type == Type.ANY)) {
            r.addRecord(new NSRecord(zone.origin, DClass.IN, zone.ttl, nameServer(zone)), Section.ANSWER);
            r.addRecord(a(nameServer(zone), Subnet.text(zone.nameServer), zone.ttl), Section.ADDITIONAL);
        }
        if (r.getHeader().getCount(Section.ANSWER) == 0) {
            if (!zone.exists(name)) {
                r.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            r.addRecord(soa(zone), Section.AUTHORITY); // RFC 2308: negative answers carry the SOA
        }
        return r;
    }

    /** RFC 2136: zone section, prerequisites, then the updates, all or nothing. */
    private Message update(Message query, byte[] wire, Counters counters) {
        Record zoneRecord = query.getQuestion();
        if (zoneRecord == null || query.getHeader().getCount(Section.ZONE) != 1 || zoneRecord.getType() != Type.SOA) {
            return error(query, Rcode.FORMERR);
        }
        DnsZone zone = zones.get(zoneRecord.getName());
        TSIGRecord signature = query.getTSIG();
        if (signature == null) {
            counters.count("dns-update-unsigned");
            return error(query, Rcode.REFUSED);
        }
        if (zone == null) {
            return error(query, Rcode.NOTAUTH);
        }
        int verified = zone.key.verify(query, wire, null);
        if (verified != Rcode.NOERROR) {
            counters.count("dns-update-bad-key");
            Message r = error(query, Rcode.NOTAUTH);
            r.setTSIG(zone.key, verified, signature);
            return r;
        }
        int rcode = prerequisites(query, zone);
        List<Runnable> changes = new ArrayList<>();
        if (rcode == Rcode.NOERROR) {
            rcode = changes(query, zone, changes);
        }
        if (rcode == Rcode.NOERROR) {
            changes.forEach(Runnable::run);
            counters.count("dns-updates");
        }
        Message r = error(query, rcode);
        r.setTSIG(zone.key, Rcode.NOERROR, signature);
        return r;
    }

    private static int prerequisites(Message query, DnsZone zone) {
        for (Record p : query.getSectionArray(Section.PREREQ)) {
            String name = text(p.getName());
            if (zoneOf(p.getName(), zone) == null) {
                return Rcode.NOTZONE;
            }
            boolean exists = zone.exists(name);
            boolean hasA = zone.lookup(name).isPresent();
            if (p.getDClass() == DClass.ANY) { // "name is in use" or "RRset exists"
                if (p.getType() == Type.ANY ? !exists : p.getType() == Type.A ? !hasA : true) {
                    return p.getType() == Type.ANY ? Rcode.NXDOMAIN : Rcode.NXRRSET;
                }
            } else if (p.getDClass() == DClass.NONE) { // "name is not in use" or "RRset does not exist"
                if (p.getType() == Type.ANY ? exists : p.getType() == Type.A && hasA) {
                    return p.getType() == Type.ANY ? Rcode.YXDOMAIN : Rcode.YXRRSET;
                }
            } else if (p.getDClass() == DClass.IN) { // "RRset exists (value dependent)"
                if (!(p instanceof ARecord a) || !zone.lookup(name).map(x -> x.equals(a.getAddress().getHostAddress())).orElse(false)) {
                    return Rcode.NXRRSET;
                }
            } else {
                return Rcode.FORMERR;
            }
        }
        return Rcode.NOERROR;
    }

    private static int changes(Message query, DnsZone zone, List<Runnable> changes) {
        for (Record u : query.getSectionArray(Section.UPDATE)) {
            if (zoneOf(u.getName(), zone) == null) {
                return Rcode.NOTZONE;
            }
            String name = text(u.getName());
            if (name.equals(zone.zone) || name.equals("ns." + zone.zone)) {
                return Rcode.REFUSED; // the apex and the name server are the zone's own
            }
            if (u.getDClass() == DClass.IN) {
                if (!(u instanceof ARecord a)) {
                    return Rcode.REFUSED; // only address records are kept
                }
                String address = a.getAddress().getHostAddress();
                changes.add(() -> zone.put(name, address, DnsZone.UPDATE)); // one address per name: the added one replaces it
            } else if (u.getDClass() == DClass.ANY && (u.getType() == Type.ANY || u.getType() == Type.A)) {
                changes.add(() -> zone.delete(name));
            } else if (u.getDClass() == DClass.NONE && u instanceof ARecord a) {
                String address = a.getAddress().getHostAddress();
                changes.add(() -> {
                    if (zone.lookup(name).map(address::equals).orElse(false)) {
                        zone.delete(name);
                    }
                });
            } else {
                return Rcode.FORMERR;
            }
        }
        return Rcode.NOERROR;
    }

    private DnsZone zoneOf(Name name) {
        DnsZone best = null;
        for (DnsZone z : zones.values()) {
            if (name.subdomain(z.origin) && (best == null || z.origin.labels() > best.origin.labels())) {
                best = z;
            }
        }
        return best;
    }

    private static DnsZone zoneOf(Name name, DnsZone zone) {
        return name.subdomain(zone.origin) ? zone : null;
    }

    private static Message reply(Message query) {
        Message r = new Message(query.getHeader().getID());
        Header h = r.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        Record q = query.getQuestion();
        if (q != null) {
            r.addRecord(q, Section.QUESTION);
        }
        return r;
    }

    private static Message error(Message query, int rcode) {
        Message r = reply(query);
        r.getHeader().setRcode(rcode);
        return r;
    }

    /** FORMERR for a message whose header at least parses (RFC 1035: id kept, no question); null otherwise. */
    private static byte[] formatError(byte[] wire) {
        if (wire.length < Header.LENGTH) {
            return null;
        }
        if ((wire[2] & 0x80) != 0) {
            return null; // an answer: never answer one
        }
        Message r = new Message(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setOpcode((wire[2] >> 3) & 0x0f);
        r.getHeader().setRcode(Rcode.FORMERR);
        return r.toWire();
    }

    private static Record soa(DnsZone zone) {
        return new SOARecord(zone.origin, DClass.IN, zone.ttl, nameServer(zone), child("hostmaster", zone.origin), zone.serial(),
                60, 30, 3600, zone.ttl);
    }

    private static Name nameServer(DnsZone zone) {
        return child("ns", zone.origin);
    }

    private static Name child(String label, Name origin) {
        try {
            return Name.concatenate(Name.fromString(label), origin);
        } catch (org.xbill.DNS.NameTooLongException | org.xbill.DNS.TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Record a(Name name, String address, int ttl) {
        try {
            return new ARecord(name, DClass.IN, ttl, java.net.InetAddress.getByAddress(DhcpMessage.addressBytes(Subnet.address(address))));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static String text(Name name) {
        return name.toString(true).toLowerCase(java.util.Locale.ROOT);
    }
}
