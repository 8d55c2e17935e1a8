package org.mobitopolo.migration.precopy.internal;

import java.util.List;
import java.util.function.Supplier;
import org.mobitopolo.api.netservices.Lease;
import org.mobitopolo.api.netservices.NetworkServices;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmSpec;

/**
 * The addresses a VM's NIC holds on this host, as far as it knows: the default guest's static
 * {@code ip} on its first NIC, or the NIC's active DHCP lease where this host serves its network.
 */
final class NicAddresses {
    private NicAddresses() {}

    static List<String> of(VmSpec spec, int index, Supplier<NetworkServices> services) {
        NicSpec nic = spec.nics().get(index);
        String ip = index == 0 ? spec.params().getOrDefault("ip", "") : "";
        if (!ip.isEmpty() && !ip.equals("dhcp")) {
            return List.of(ip.replaceFirst("/.*", ""));
        }
        NetworkServices s = services.get();
        if (s == null || nic.network().isEmpty() || s.services(nic.network()).map(i -> !i.dhcp()).orElse(true)) {
            return List.of();
        }
        try {
            return s.leases(nic.network()).stream().filter(l -> l.active() && l.mac().equalsIgnoreCase(nic.mac()))
                    .map(Lease::address).toList();
        } catch (PlatformException gone) {
            return List.of(); // the services went meanwhile: nothing known
        }
    }
}
