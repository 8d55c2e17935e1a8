package org.mobitopolo.api.netservices;

/**
 * An address DHCP gave a MAC on a network. A MAC keeps its address across leases and restarts
 * while no other MAC needs it.
 *
 * @param network the virtual network
 * @param mac the client's MAC address
 * @param address the IPv4 address leased
 * @param hostname the host name the client sent, or {@code null}
 * @param expiresMillis when the lease ends, in milliseconds since the epoch
 * @param active whether the lease runs now (not expired nor released)
 */
public record Lease(String network, String mac, String address, String hostname, long expiresMillis, boolean active) {}
