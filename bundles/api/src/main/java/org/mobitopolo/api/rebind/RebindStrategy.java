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

    /** Called once the VM runs on its new host; returns what was done, for the migration report. */
    String rebind(RebindContext context);
}
