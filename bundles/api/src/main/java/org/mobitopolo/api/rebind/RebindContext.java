package org.mobitopolo.api.rebind;

import java.util.List;

/**
 * A NIC of a VM that has just moved to this host and runs here now.
 *
 * @param vm the VM's name, the owner of its switch ports
 * @param network the virtual network the NIC is on
 * @param mac the NIC's MAC address
 * @param addresses the IP addresses the VM holds on that NIC, as far as this host knows (a static
 *     address, or its lease here), without prefix length; may be empty
 * @param previousNetwork the network the NIC was on at the source; the same as {@code network} when
 *     the move kept it
 * @param previousAddresses the addresses the NIC held at the source; may be empty
 */
public record RebindContext(String vm, String network, String mac, List<String> addresses, String previousNetwork,
        List<String> previousAddresses) {
    public RebindContext {
        addresses = List.copyOf(addresses);
        previousNetwork = previousNetwork == null ? network : previousNetwork;
        previousAddresses = previousAddresses == null ? addresses : List.copyOf(previousAddresses);
    }

    /** A NIC that kept its network and addresses. */
    public RebindContext(String vm, String network, String mac, List<String> addresses) {
        this(vm, network, mac, addresses, network, addresses);
    }
}
