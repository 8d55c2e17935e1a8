package org.mobitopolo.api.host;

import java.util.List;

/**
 * A network interface of the host.
 *
 * @param name the kernel's name for it, e.g. {@code eth0}
 * @param mtu its MTU in bytes
 * @param mac its hardware address, or an empty string when it has none
 * @param up whether it is administratively up
 * @param addresses its addresses in CIDR notation
 */
public record NetInterface(String name, int mtu, String mac, boolean up, List<String> addresses) {
    public NetInterface {
        addresses = List.copyOf(addresses);
    }
}
