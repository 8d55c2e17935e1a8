package org.mobitopolo.netservices.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.mobitopolo.api.netservices.Lease;

/**
 * Which address each MAC gets on a network. A MAC keeps the address it had, leases or not, while no
 * other MAC needs it; a new MAC gets the lowest address no one ever had, then the lowest whose lease
 * ended. An offer holds its address for a minute, so clients that boot together get distinct ones.
 * Bindings are written through to the store; only the services' event loop changes them.
 */
final class DhcpPool {
    private static final long OFFER_HOLD_MILLIS = 60_000;

    private record Offer(int address, long untilMillis) {}

    private final String network;
    private final Subnet subnet;
    private final int reserved;
    private final int router;
    private final Duration leaseTime;
    private final ServiceTables tables;
    private final Clock clock;
    private final Map<String, ServiceTables.Binding> byMac = new ConcurrentHashMap<>();
    private final Map<Integer, ServiceTables.Binding> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Offer> offers = new ConcurrentHashMap<>();

    /** @param reserved the services' own address, never handed out; {@code router} (or 0) neither */
    DhcpPool(String network, Subnet subnet, int reserved, int router, Duration leaseTime, ServiceTables tables, Clock clock) {
        this.network = network;
        this.subnet = subnet;
        this.reserved = reserved;
        this.router = router;
        this.leaseTime = leaseTime;
        this.tables = tables;
        this.clock = clock;
        for (ServiceTables.Binding b : tables.bindings(network)) {
            if (subnet.isHost(b.address())) { // a binding of a subnet the network had before is of no use now
                byMac.put(b.mac(), b);
                byAddress.put(b.address(), b);
            }
        }
    }

    Duration leaseTime() {
        return leaseTime;
    }

    /** The address to offer {@code mac}, which asked for {@code requested} (0 for none); empty when none is free. */
    OptionalInt offer(String mac, int requested) {
        long now = clock.millis();
        offers.values().removeIf(o -> o.untilMillis() < now);
        Offer held = offers.get(mac);
        if (held != null && usableBy(mac, held.address(), now)) {
            return OptionalInt.of(held.address());
        }
        ServiceTables.Binding own = byMac.get(mac);
        OptionalInt pick = own != null && usableBy(mac, own.address(), now) ? OptionalInt.of(own.address())
                : requested != 0 && neverBoundElsewhere(mac, requested) && usableBy(mac, requested, now) ? OptionalInt.of(requested)
                : firstFree(mac, now);
        pick.ifPresent(a -> offers.put(mac, new Offer(a, now + OFFER_HOLD_MILLIS)));
        return pick;
    }

    /** Leases {@code address} to {@code mac} (a REQUEST); null when it may not have it (the answer is a NAK). */
    ServiceTables.Binding request(String mac, int address, String hostname) {
        long now = clock.millis();
        if (address == 0 || !usableBy(mac, address, now)) {
            return null;
        }
        ServiceTables.Binding previous = byAddress.get(address);
        String evicted = previous != null && !previous.mac().equals(mac) ? previous.mac() : null;
        ServiceTables.Binding own = byMac.get(mac);
        ServiceTables.Binding b = new ServiceTables.Binding(network, mac, address,
                hostname != null ? hostname : own != null ? own.hostname() : null, now + leaseTime.toMillis());
        tables.bind(b, evicted);
        if (evicted != null) {
            byMac.remove(evicted);
        }
        if (own != null && own.address() != address) {
            byAddress.remove(own.address());
        }
        byMac.put(mac, b);
        byAddress.put(address, b);
        offers.remove(mac);
        return b;
    }

    /** Ends {@code mac}'s lease at once (a RELEASE); the MAC keeps its claim on the address. */
    void release(String mac) {
        ServiceTables.Binding b = byMac.get(mac);
        if (b != null && b.expiresMillis() > clock.millis()) {
            ServiceTables.Binding ended = new ServiceTables.Binding(network, mac, b.address(), b.hostname(), clock.millis());
            tables.bind(ended, null);
            byMac.put(mac, ended);
            byAddress.put(b.address(), ended);
        }
    }

    /** The active binding of an address, if any. */
    ServiceTables.Binding active(int address) {
        ServiceTables.Binding b = byAddress.get(address);
        return b != null && b.expiresMillis() > clock.millis() ? b : null;
    }

    List<ServiceTables.Binding> activeBindings() {
        long now = clock.millis();
        return byMac.values().stream().filter(b -> b.expiresMillis() > now).toList();
    }

    List<Lease> leases() {
        long now = clock.millis();
        return byMac.values().stream().sorted(Comparator.comparingInt(b -> b.address() ^ Integer.MIN_VALUE))
                .map(b -> new Lease(network, b.mac(), Subnet.text(b.address()), b.hostname(), b.expiresMillis(), b.expiresMillis() > now))
                .toList();
    }

    /** Whether {@code mac} may have {@code a}: a host address of the subnet, not reserved, not leased or offered to another MAC. */
    private boolean usableBy(String mac, int a, long now) {
        if (!subnet.isHost(a) || a == reserved || a == router) {
            return false;
        }
        ServiceTables.Binding b = byAddress.get(a);
        if (b != null && !b.mac().equals(mac) && b.expiresMillis() > now) {
            return false;
        }
        return offers.entrySet().stream().noneMatch(e -> !e.getKey().equals(mac) && e.getValue().address() == a);
    }

    private boolean neverBoundElsewhere(String mac, int a) {
        ServiceTables.Binding b = byAddress.get(a);
        return b == null || b.mac().equals(mac);
    }

    private OptionalInt firstFree(String mac, long now) {
        int expired = 0;
        for (long a = subnet.firstHost() & 0xffffffffL; a <= (subnet.lastHost() & 0xffffffffL); a++) {
            int address = (int) a;
            if (!usableBy(mac, address, now)) {
                continue;
            }
            if (neverBoundElsewhere(mac, address)) {
                return OptionalInt.of(address);
            }
            if (expired == 0) {
                expired = address;
            }
        }
        return expired == 0 ? OptionalInt.empty() : OptionalInt.of(expired);
    }
}
