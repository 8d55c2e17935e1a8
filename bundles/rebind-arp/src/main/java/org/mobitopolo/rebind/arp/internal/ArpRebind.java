package org.mobitopolo.rebind.arp.internal;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.net.PortInfo;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.rebind.RebindContext;
import org.mobitopolo.api.rebind.RebindStrategy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default rebinding: announces a moved NIC from its new switch port, as if the VM had sent the
 * announcements itself, so the switches on every host learn at once which port or tunnel leads to its
 * MAC, and neighbours refresh the address. UDP loses frames, so, like QEMU's self-announce, the
 * announcements go out {@value #ROUNDS} times, spaced out.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component(property = {PluginCatalog.PLUGIN_NAME + "=arp", RebindStrategy.STRATEGY + "=arp"})
public final class ArpRebind implements RebindStrategy {
    static final int ROUNDS = 3;
    static final long SPACING_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ArpRebind.class);

    private final VirtualSwitch virtualSwitch;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mobitopolo-rebind-arp");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ArpRebind(@Reference VirtualSwitch virtualSwitch) {
        this.virtualSwitch = virtualSwitch;
    }

    @Deactivate
    void deactivate() {
        later.shutdownNow();
    }

    @Override
    public String rebind(RebindContext context) {
        List<byte[]> frames = Announcements.of(context.mac(), context.addresses());
        // A VM has one port per NIC; with two NICs on one network, the first port is announced.
        String portId = virtualSwitch.ports(context.network()).stream()
                .filter(p -> p.owner().equals(context.vm()))
                .map(p -> p.binding().portId())
                .findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND,
                        "VM " + context.vm() + " has no port on network " + context.network() + " here"));
        announce(portId, frames);
        for (int round = 1; round < ROUNDS; round++) {
            later.schedule(() -> announce(portId, frames), round * SPACING_MILLIS, TimeUnit.MILLISECONDS);
        }
        return String.format("arp: announced %s%s on %s from port %s (%d frames, %d times %d ms apart)", context.mac(),
                context.addresses().isEmpty() ? "" : " " + context.addresses(), context.network(), portId,
                frames.size(), ROUNDS, SPACING_MILLIS);
    }

    private void announce(String portId, List<byte[]> frames) {
        try {
            frames.forEach(f -> virtualSwitch.inject(portId, f));
        } catch (RuntimeException e) {
            LOG.warn("Announcing on port {} failed: {}", portId, e.getMessage()); // e.g. the VM left again
        }
    }
}
