package org.mobitopolo.api.net;

import java.util.List;

/**
 * A virtual network.
 *
 * @param name its unique name
 * @param vni its VXLAN network id on tunnels between hosts
 * @param ports the ids of its ports
 */
public record NetworkInfo(String name, int vni, List<String> ports) {
    public NetworkInfo {
        ports = List.copyOf(ports);
    }
}
