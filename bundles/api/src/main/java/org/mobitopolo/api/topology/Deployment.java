package org.mobitopolo.api.topology;

import java.util.Map;
import java.util.Optional;

/**
 * What exists of one topology, host by host: what the controller's journal recorded, corrected by
 * what the hosts report (a VM that died is not {@link DeployedVm#running()}).
 *
 * @param hosts per host name, what the topology has there; hosts where it has nothing may be absent
 */
public record Deployment(Map<String, DeployedHost> hosts) {
    /** Nothing deployed yet. */
    public static final Deployment NONE = new Deployment(Map.of());

    /** Copies the map. */
    public Deployment {
        hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
    }

    /** The host where the VM of that name is, if it is anywhere. */
    public Optional<DeployedHost> hostOf(String vm) {
        return hosts.values().stream().filter(h -> h.vms().containsKey(vm)).findFirst();
    }

    /** Whether nothing at all is deployed. */
    public boolean isEmpty() {
        return hosts.values().stream().allMatch(h -> h.networks().isEmpty() && h.tunnels().isEmpty() && h.vms().isEmpty());
    }
}
