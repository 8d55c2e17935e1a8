package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import org.mobitopolo.api.net.LinkShape;

/**
 * What a topology has on one host.
 *
 * @param host the topology's name for the host
 * @param networks the networks made there for the topology
 * @param tunnels the VXLAN tunnels opened there for the topology, by the peer host's name, with the
 *     shape of what goes into each
 * @param vms the topology's VMs there, by name
 * @param services the network services configured there for the topology: the hash of each one's
 *     settings, by network
 */
public record DeployedHost(String host, Set<String> networks, Map<String, LinkShape> tunnels, Map<String, DeployedVm> vms,
        Map<String, String> services) {
    /** Checks that no part is missing and copies the collections. */
    public DeployedHost {
        requireNonNull(host, "host");
        networks = networks == null ? Set.of() : Set.copyOf(networks);
        tunnels = tunnels == null ? Map.of() : Map.copyOf(tunnels);
        vms = vms == null ? Map.of() : Map.copyOf(vms);
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    /** What a host has without network services. */
    public DeployedHost(String host, Set<String> networks, Map<String, LinkShape> tunnels, Map<String, DeployedVm> vms) {
        this(host, networks, tunnels, vms, Map.of());
    }
}
