package org.mobitopolo.api.host;

import java.util.List;

/**
 * The default route: where traffic for the rest of the world leaves the host.
 *
 * @param gateway the next hop's IPv4 address, or {@code 0.0.0.0} for a directly attached route
 * @param interfaceName the outgoing interface
 * @param mtu that interface's MTU in bytes
 * @param addresses that interface's addresses in CIDR notation
 */
public record DefaultRoute(String gateway, String interfaceName, int mtu, List<String> addresses) {
    public DefaultRoute {
        addresses = List.copyOf(addresses);
    }
}
