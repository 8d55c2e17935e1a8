package org.mobitopolo.rebind.dns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mobitopolo.api.netservices.Lease;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.netservices.ServiceInfo;
import org.mobitopolo.api.netservices.TsigKey;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.rebind.RebindContext;
import org.mobitopolo.api.rebind.RebindStrategy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebinding by dynamic DNS, for a VM that moved onto a network of another subnet: the VM takes its
 * address there by DHCP (the migration engine tells a live-moved default guest to renew), then its
 * name is pointed at the new address by an RFC 2136 update signed with TSIG, in the zone the target
 * network serves and in every authoritative server configured (e.g. the zone of the network it left,
 * on the source host). Each update's answer is checked: its rcode and its signature.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = {PluginCatalog.PLUGIN_NAME + "=dns", RebindStrategy.STRATEGY + "=dns"},
        configurationPid = "org.mobitopolo.rebind.dns")
@Designate(ocd = DnsRebind.Config.class)
public final class DnsRebind implements RebindStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(DnsRebind.class);
    private static final long POLL_MILLIS = 100;

    @ObjectClassDefinition(name = "Mobitopolo rebinding by dynamic DNS")
    public @interface Config {
        @AttributeDefinition(description = "Zones to update besides the target network's, each "
                + "'SERVER:PORT ZONE KEY-NAME ALGORITHM SECRET' (e.g. '10.0.0.1:10053 site-a.mobi site-a.mobi. hmac-sha256 BASE64')")
        String[] servers() default {};

        @AttributeDefinition(description = "Seconds a moved VM has to take its address on the target network by DHCP", min = "1")
        int leaseTimeoutSeconds() default 30;

        @AttributeDefinition(description = "Time to live of the records written, in seconds", min = "0")
        int ttlSeconds() default 5;
    }

    private final List<DnsUpdater.Target> servers;
    private final Config config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NetworkServices networkServices;

    @Activate
    public DnsRebind(Config config) {
        this.config = config;
        this.servers = new ArrayList<>();
        for (String s : config.servers()) {
            try {
                servers.add(parse(s));
            } catch (IllegalArgumentException e) {
                LOG.warn("Rebinding by DNS: server '{}' left out: {}", s.replaceAll("\\S+$", "SECRET"), e.getMessage());
            }
        }
    }

    /** {@code SERVER:PORT ZONE KEY-NAME ALGORITHM SECRET}. */
    static DnsUpdater.Target parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("expected 'SERVER:PORT ZONE KEY-NAME ALGORITHM SECRET'");
        }
        int colon = f[0].lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("the server is ADDRESS:PORT, got " + f[0]);
        }
        int port;
        try {
            port = Integer.parseInt(f[0].substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the server's port is a number, got " + f[0]);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the server's port is 1 to 65535, got " + port);
        }
        return new DnsUpdater.Target(f[0].substring(0, colon), port, f[1], f[2], f[3], f[4]);
    }

    @Override
    public String rebind(RebindContext context) {
        String was = context.previousAddresses().isEmpty() ? "?" : String.join(",", context.previousAddresses());
        Optional<String> now = newAddress(context);
        if (now.isEmpty()) {
            return "dns: VM " + context.vm() + " took no address on " + context.network() + " within "
                    + config.leaseTimeoutSeconds() + " s; no record changed (was " + was + ")";
        }
        List<DnsUpdater.Target> targets = new ArrayList<>(servers);
        localZone(context.network()).ifPresent(targets::add);
        if (targets.isEmpty()) {
            return "dns: " + context.vm() + " " + was + " -> " + now.get() + " on " + context.network()
                    + "; no zone to update (the network serves none, and no server is configured)";
        }
        List<String> outcomes = new ArrayList<>();
        for (DnsUpdater.Target t : targets) {
            DnsUpdater.Outcome o = DnsUpdater.replace(t, context.vm(), now.get(), config.ttlSeconds());
            if (!o.ok()) {
                LOG.warn("Rebinding {} by DNS: {}", context.vm(), o);
            }
            outcomes.add((o.ok() ? "updated " : "FAILED ") + o);
        }
        return "dns: " + context.vm() + " " + was + " -> " + now.get() + " on " + context.network() + "; " + String.join("; ", outcomes);
    }

    /** The NIC's address on the target network: its static one, or its DHCP lease there once it has one. */
    private Optional<String> newAddress(RebindContext context) {
        NetworkServices s = networkServices;
        boolean dhcp = s != null && s.services(context.network()).map(ServiceInfo::dhcp).orElse(false);
        if (!dhcp) {
            return context.addresses().stream().findFirst();
        }
        Optional<String> leased = lease(s, context);
        long deadline = System.nanoTime() + config.leaseTimeoutSeconds() * 1_000_000_000L;
        while (leased.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            leased = lease(s, context);
        }
        return leased;
    }

    private static Optional<String> lease(NetworkServices s, RebindContext context) {
        return s.leases(context.network()).stream().filter(l -> l.active() && l.mac().equalsIgnoreCase(context.mac()))
                .map(Lease::address).findFirst();
    }

    /** The zone the target network serves, on this host's DNS port, with its own key. */
    private Optional<DnsUpdater.Target> localZone(String network) {
        NetworkServices s = networkServices;
        if (s == null) {
            return Optional.empty();
        }
        Optional<String> zone = s.services(network).map(ServiceInfo::dnsZone);
        if (zone.isEmpty() || s.dnsEndpoint().isEmpty()) {
            return Optional.empty();
        }
        TsigKey key = s.updateKey(zone.get());
        String host = s.dnsEndpoint().get().host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1"; // a port on every address answers on loopback too
        }
        return Optional.of(new DnsUpdater.Target(host, s.dnsEndpoint().get().port(), zone.get(), key.name(), key.algorithm(),
                key.secret()));
    }
}
