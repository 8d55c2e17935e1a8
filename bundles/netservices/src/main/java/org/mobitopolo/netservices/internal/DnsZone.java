package org.mobitopolo.netservices.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mobitopolo.api.netservices.DnsRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A network's zone: {@code ns.ZONE} at the services' address, an A record per active lease whose
 * client sent a host name, and the records given by a person or by dynamic updates, which win over
 * a lease's. Names are kept lower-case, fully qualified, without the trailing dot.
 */
final class DnsZone {
    static final String STATIC = "static";
    static final String UPDATE = "update";
    static final String LEASE = "lease";

    private record Kept(String address, String source) {}

    final String zone;
    final Name origin;
    final TSIG key;
    final String keySecret;
    final int ttl;
    final int nameServer;
    private final Supplier<List<ServiceTables.Binding>> leases;
    private final ServiceTables tables;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private volatile long serial;

    DnsZone(String zone, String keySecret, int ttl, int nameServer, Supplier<List<ServiceTables.Binding>> leases, ServiceTables tables) {
        this.zone = zone;
        this.origin = name(zone);
        this.keySecret = keySecret;
        this.key = new TSIG(TSIG.HMAC_SHA256, origin, keySecret);
        this.ttl = ttl;
        this.nameServer = nameServer;
        this.leases = leases;
        this.tables = tables;
        for (DnsRecord r : tables.records(zone, ttl)) {
            kept.put(r.name(), new Kept(r.address(), r.source()));
        }
        this.serial = System.currentTimeMillis() / 1000;
    }

    /** A zone name as DNS has it: absolute; refused unless it is letters, digits, hyphens and dots. */
    static Name name(String zone) {
        if (zone == null || !zone.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
                || zone.length() > 200) {
            throw new IllegalArgumentException("a DNS zone is lower-case labels joined by dots, e.g. site-a.mobi, got '" + zone + "'");
        }
        try {
            return Name.fromString(zone + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS zone: " + zone, e);
        }
    }

    /** {@code name}, relative to the zone or fully qualified, as this zone keeps it; refused when outside the zone. */
    String qualify(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (!n.equals(zone) && !n.endsWith("." + zone)) {
            n = n + "." + zone;
        }
        if (!n.matches("([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]+") || n.length() > 253) {
            throw new IllegalArgumentException("not a DNS name: '" + name + "'");
        }
        return n;
    }

    long serial() {
        return serial;
    }

    /** The address a name resolves to, if it has one. */
    Optional<String> lookup(String qualified) {
        if (qualified.equals("ns." + zone)) {
            return Optional.of(Subnet.text(nameServer));
        }
        Kept k = kept.get(qualified);
        if (k != null) {
            return Optional.of(k.address());
        }
        for (ServiceTables.Binding b : leases.get()) {
            if (b.hostname() != null && qualified.equals(b.hostname() + "." + zone)) {
                return Optional.of(Subnet.text(b.address()));
            }
        }
        return Optional.empty();
    }

    List<DnsRecord> records() {
        List<DnsRecord> all = new ArrayList<>();
        all.add(new DnsRecord("ns." + zone, "A", Subnet.text(nameServer), ttl, STATIC));
        kept.forEach((name, k) -> all.add(new DnsRecord(name, "A", k.address(), ttl, k.source())));
        for (ServiceTables.Binding b : leases.get()) {
            String name = b.hostname() == null ? null : b.hostname() + "." + zone;
            if (name != null && !kept.containsKey(name)) {
                all.add(new DnsRecord(name, "A", Subnet.text(b.address()), ttl, LEASE));
            }
        }
        all.sort(Comparator.comparing(DnsRecord::name));
        return all;
    }

    DnsRecord put(String qualified, String address, String source) {
        Subnet.address(address); // a dotted quad, nothing else
        tables.putRecord(zone, qualified, address, source);
        kept.put(qualified, new Kept(address, source));
        serial++;
        return new DnsRecord(qualified, "A", address, ttl, source);
    }

    /**
     * A client of that host name was just given a lease: the lease is newer than any dynamic update of
     * the name (a VM that came back, or a new VM of a moved one's name), so such a record goes.
     * A person's static record stays.
     */
    void leased(String hostname) {
        String qualified = hostname.toLowerCase(Locale.ROOT) + "." + zone;
        Kept k = kept.get(qualified);
        if (k != null && k.source().equals(UPDATE)) {
            delete(qualified);
        }
    }

    boolean delete(String qualified) {
        boolean had = kept.remove(qualified) != null;
        tables.deleteRecord(zone, qualified);
        serial++;
        return had;
    }

    /** Whether a name exists in the zone: the apex, or a name with an address. */
    boolean exists(String qualified) {
        return qualified.equals(zone) || lookup(qualified).isPresent();
    }
}
