package org.mobitopolo.api.rebind;

import org.mobitopolo.api.net.Endpoint;

/**
 * One end of a forward for a moved VM's NIC.
 *
 * @param id the forward's id, the same at both ends
 * @param vm the VM's name
 * @param mac the NIC's MAC address
 * @param network the network this end joins: at the target the NIC's network now
 * @param address the NIC's address before the move, which the forward carries
 * @param subnet that address's subnet (CIDR): what the VM reaches through the forward
 * @param peer the other end's UDP endpoint
 * @param seconds how long this end stays at most, in case the other end never closes it
 */
public record ForwardSpec(String id, String vm, String mac, String network, String address, String subnet, Endpoint peer,
        int seconds) {}
