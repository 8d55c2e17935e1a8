package org.mobitopolo.api.migration;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where a moved VM's NIC was on the source host, which the target's rebinding strategies start from.
 *
 * @param network the network the NIC was on there
 * @param addresses the IP addresses it held there (its static address, or its DHCP lease), without
 *     prefix length; may be empty
 */
public record NicOrigin(String network, List<String> addresses) {
    public NicOrigin {
        requireNonNull(network, "network");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
