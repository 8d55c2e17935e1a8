package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VM of a topology.
 *
 * @param name its name, also the VM's name on its host
 * @param hypervisor {@code uml} or {@code qemu}
 * @param memoryMb guest memory in MiB
 * @param image what it boots: empty for the hypervisor's default guest, a file or directory of the
 *     host's image directories, or {@code snapshot:NAME}
 * @param params guest parameters (the default guest reads {@code ip}, {@code gw}, {@code hostname},
 *     {@code http}, {@code shell}, {@code heartbeat}), in the file's order
 * @param nics its network cards, {@code eth0}/{@code vec0} first
 * @param host the host the file puts it on, or empty for automatic placement
 * @param dependsOn the nodes that must be ready before this one starts
 */
public record TopologyNode(String name, String hypervisor, int memoryMb, String image, Map<String, String> params,
        List<TopologyNic> nics, String host, List<String> dependsOn) {
    /** Checks that no part is missing and copies the collections. */
    public TopologyNode {
        requireNonNull(name, "name");
        requireNonNull(hypervisor, "hypervisor");
        image = image == null ? "" : image;
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        nics = nics == null ? List.of() : List.copyOf(nics);
        host = host == null ? "" : host;
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** Whether the planner chooses its host. */
    public boolean placedAutomatically() {
        return host.isEmpty();
    }
}
