package org.mobitopolo.api.rebind;

import java.util.List;
import org.mobitopolo.api.net.PortBinding;

/**
 * A VM that has just moved.
 *
 * @param vm its name
 * @param mac the MAC address of the NIC that moved
 * @param addresses the IP addresses the VM holds on that NIC
 * @param before the switch port it had on the old host
 * @param after the switch port it has now
 */
public record RebindContext(String vm, String mac, List<String> addresses, PortBinding before, PortBinding after) {
    public RebindContext {
        addresses = List.copyOf(addresses);
    }
}
