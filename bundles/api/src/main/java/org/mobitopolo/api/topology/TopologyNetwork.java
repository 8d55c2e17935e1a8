package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

/**
 * A virtual network (an isolated LAN on each host's switch, joined across hosts by VXLAN tunnels),
 * and the network services it offers, if any.
 *
 * @param name its name on every host's switch (the VXLAN id is derived from it)
 * @param subnet its IPv4 subnet in CIDR notation, e.g. {@code 10.0.0.0/24}, against which the nodes'
 *     addresses are checked; empty when the file gives none
 * @param gateway the network services' own address; empty for the subnet's first host address
 * @param router the default route DHCP gives; empty for none
 * @param dhcp whether the network serves DHCP
 * @param dns the DNS zone the network serves; empty for none
 */
public record TopologyNetwork(String name, String subnet, String gateway, String router, boolean dhcp, String dns) {
    /** Checks that no part is missing. */
    public TopologyNetwork {
        requireNonNull(name, "name");
        subnet = subnet == null ? "" : subnet;
        gateway = gateway == null ? "" : gateway;
        router = router == null ? "" : router;
        dns = dns == null ? "" : dns;
    }

    /** A network without services. */
    public TopologyNetwork(String name, String subnet) {
        this(name, subnet, "", "", false, "");
    }

    /** Whether the network has services (an address of its own, DHCP or DNS): the file asks for DHCP or a zone. */
    public boolean hasServices() {
        return dhcp || !dns.isEmpty();
    }
}
