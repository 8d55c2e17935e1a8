package org.mobitopolo.api.vm;

import java.util.Objects;
import java.util.regex.Pattern;
import org.mobitopolo.api.net.Endpoint;

/**
 * A network card of a VM: an Ethernet-over-UDP endpoint.
 *
 * <p>Either it joins a virtual network, and the virtual switch hands out its UDP endpoints when
 * the VM starts, or it names both endpoints itself (a point-to-point tunnel to any peer that speaks
 * the VM's framing).
 *
 * @param network the virtual network's name, or empty for a point-to-point NIC
 * @param mac the card's MAC address, {@code xx:xx:xx:xx:xx:xx} in lower case
 * @param local where the VM receives, or {@code null} to take it from the switch
 * @param remote where the VM sends, or {@code null} to take it from the switch
 */
public record NicSpec(String network, String mac, Endpoint local, Endpoint remote) {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public NicSpec {
        Objects.requireNonNull(network, "network");
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("MAC address must look like 02:00:00:00:00:01, got " + mac);
        }
        if ((local == null) != (remote == null)) {
            throw new IllegalArgumentException("a NIC names both its local and remote UDP endpoints, or neither");
        }
        if (local == null && network.isEmpty()) {
            throw new IllegalArgumentException("a NIC joins a network or names its UDP endpoints");
        }
    }

    /** A NIC on a virtual network; the switch provides its endpoints. */
    public static NicSpec onNetwork(String network, String mac) {
        return new NicSpec(network, mac, null, null);
    }

    /** A point-to-point NIC with fixed UDP endpoints. */
    public static NicSpec pointToPoint(String mac, Endpoint local, Endpoint remote) {
        return new NicSpec("", mac, local, remote);
    }
}
