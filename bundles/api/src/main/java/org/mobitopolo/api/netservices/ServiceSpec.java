package org.mobitopolo.api.netservices;

/**
 * What a network's services are to be.
 *
 * @param subnet the network's IPv4 subnet, e.g. {@code 10.1.0.0/24}
 * @param gateway the services' own address on it, which answers ARP, ping, DHCP and DNS; {@code null}
 *     for the subnet's first host address
 * @param router the default route DHCP gives clients (a router VM on the network), or {@code null} for none
 * @param dhcp whether DHCP hands out the subnet's other addresses
 * @param dnsZone the DNS zone of the network's VMs (e.g. {@code site-a.mobi}); {@code null} for no DNS
 */
public record ServiceSpec(String subnet, String gateway, String router, boolean dhcp, String dnsZone) {}
