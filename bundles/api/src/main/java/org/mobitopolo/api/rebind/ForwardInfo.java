package org.mobitopolo.api.rebind;

import java.time.Instant;
import org.mobitopolo.api.net.Endpoint;

/**
 * A forward's end on this host and what crossed it.
 *
 * @param role {@code source} on the host the VM left, {@code target} where it runs now
 * @param local where this end receives from its peer
 * @param toPeer frames sent to the other end
 * @param fromPeer frames received from it and delivered
 * @param dropped frames neither end's rules let across (other MACs and addresses), or malformed
 * @param closes when it closes at the latest
 */
public record ForwardInfo(String id, String vm, String mac, String network, String role, String address, String subnet,
        Endpoint local, Endpoint peer, long toPeer, long fromPeer, long dropped, Instant opened, Instant closes) {}
