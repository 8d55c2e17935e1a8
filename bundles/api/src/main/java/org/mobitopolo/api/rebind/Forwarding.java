package org.mobitopolo.api.rebind;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Forwards: what still reaches a moved VM at its old address, carried between the network it left
 * (on the source host) and the network it is on now (on the target host), and its replies back.
 * The source host opens its end and asks the target for the other ({@code POST /api/v1/forwards}).
 */
@ProviderType
public interface Forwarding {
    /**
     * Opens the target's end of a forward: a port on the VM's network here, joined to the peer's
     * end; fails with {@code NOT_FOUND} when the VM or the network is not here, {@code BAD_REQUEST}
     * for a spec that does not hold together.
     */
    ForwardInfo open(ForwardSpec spec);

    /** Every forward with an end on this host, oldest first. */
    List<ForwardInfo> forwards();

    /** Closes a forward's end here; fails with {@code NOT_FOUND} when there is no such forward. */
    void close(String id);
}
