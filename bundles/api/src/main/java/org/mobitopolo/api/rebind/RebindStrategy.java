package org.mobitopolo.api.rebind;

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
}
