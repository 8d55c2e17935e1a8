package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

/**
 * A virtual network (an isolated LAN on each host's switch, joined across hosts by VXLAN tunnels).
 *
 * @param name its name on every host's switch (the VXLAN id is derived from it)
 * @param subnet its IPv4 subnet in CIDR notation, e.g. {@code 10.0.0.0/24}, against which the nodes'
 *     addresses are checked; empty when the file gives none
 */
public record TopologyNetwork(String name, String subnet) {
    /** Checks that no part is missing. */
    public TopologyNetwork {
        requireNonNull(name, "name");
        subnet = subnet == null ? "" : subnet;
    }
}
