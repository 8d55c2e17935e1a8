package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import org.mobitopolo.api.net.LinkShape;

/**
 * A node's network card.
 *
 * @param network the network it joins
 * @param mac its MAC address in lower case; when the file gives none, one generated from the topology's,
 *     the node's name and the card's index (stable across reads, never one the file gives elsewhere)
 * @param address the guest's IPv4 address on it with its prefix, e.g. {@code 10.0.0.2/24}; empty for none
 * @param impairment what the switch does to the frames it sends to this card (delay, jitter, rate,
 *     loss); {@link LinkShape#NONE} for nothing
 */
public record TopologyNic(String network, String mac, String address, LinkShape impairment) {
    /** Checks that no part is missing. */
    public TopologyNic {
        requireNonNull(network, "network");
        requireNonNull(mac, "mac");
        address = address == null ? "" : address;
        impairment = impairment == null ? LinkShape.NONE : impairment;
    }
}
