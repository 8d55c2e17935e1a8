package org.mobitopolo.api.vm;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A network card of a VM, attached to a virtual network.
 *
 * @param network the virtual network's name
 * @param mac the card's MAC address, {@code xx:xx:xx:xx:xx:xx} in lower case
 */
public record NicSpec(String network, String mac) {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public NicSpec {
        Objects.requireNonNull(network, "network");
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("MAC address must look like 02:00:00:00:00:01, got " + mac);
        }
    }
}
