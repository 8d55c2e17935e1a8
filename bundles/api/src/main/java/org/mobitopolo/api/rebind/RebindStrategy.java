package org.mobitopolo.api.rebind;

import java.net.URI;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes a moved VM reachable at its new place: announces its MAC (ARP/RARP), updates DNS, or
 * forwards its traffic from the old host. Strategies are plugins, selected by their
 * {@value #STRATEGY} service property.
 */
@ConsumerType
public interface RebindStrategy {
    /** Service property naming the strategy, e.g. {@code arp}. */
    String STRATEGY = "rebind.strategy";

    /**
     * Called on the VM's new host once it runs there, for each of its NICs on a virtual network;
     * returns what was done, one line for the migration report.
     */
    String rebind(RebindContext context);

    /**
     * Whether a VM moved onto another subnet keeps the address it held at the source beside its new
     * one, because this strategy still delivers traffic for it; a live-moved default guest is then
     * told to renew its lease keeping the old address.
     */
    default boolean keepsPreviousAddress() {
        return false;
    }

    /**
     * The source's half, called on the host the VM leaves once its state has been copied, while it
     * is paused, before the target runs it; for each NIC on a virtual network. The context's
     * {@code network} is the NIC's network on the target, its addresses there are not known yet.
     *
     * @param target the target host's Mobitopolo URL
     * @return a line for the migration report; empty when the strategy has nothing to do at the source
     */
    default Optional<String> leaving(RebindContext context, URI target) {
        return Optional.empty();
    }

    /** Undoes {@link #leaving}: the move failed after it, and the VM runs on at the source. */
    default void stayed(RebindContext context) {
        // nothing was done by leaving
    }
}
