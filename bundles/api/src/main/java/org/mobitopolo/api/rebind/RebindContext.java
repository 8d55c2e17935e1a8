package org.mobitopolo.api.rebind;

import java.util.List;

/**
 * A NIC of a VM that has just moved to this host and runs here now.
 *
 * @param vm the VM's name, the owner of its switch ports
 * @param network the virtual network the NIC is on
 * @param mac the NIC's MAC address
 * @param addresses the IP addresses the VM holds on that NIC, without prefix length; may be empty
 */
public record RebindContext(String vm, String network, String mac, List<String> addresses) {
    public RebindContext {
        addresses = List.copyOf(addresses);
    }
}
