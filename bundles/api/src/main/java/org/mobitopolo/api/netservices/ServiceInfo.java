package org.mobitopolo.api.netservices;

import java.util.Map;

/**
 * A network's services as they run.
 *
 * @param network the virtual network
 * @param subnet its subnet, in CIDR notation
 * @param gateway the services' own address on the network
 * @param router the default route DHCP gives, or {@code null}
 * @param mac the services' MAC address on the network
 * @param dhcp whether DHCP is served
 * @param dnsZone the zone served, or {@code null}
 * @param counters what the services answered and dropped, by name (e.g. {@code arp-replies},
 *     {@code dhcp-acks}, {@code dns-answers}, {@code malformed}, {@code pool-exhausted})
 */
public record ServiceInfo(String network, String subnet, String gateway, String router, String mac, boolean dhcp,
        String dnsZone, Map<String, Long> counters) {
    public ServiceInfo {
        counters = Map.copyOf(counters);
    }
}
