/**
 * Keeping a moved VM reachable: the {@link org.mobitopolo.api.rebind.RebindStrategy} SPI (ARP, DNS, forwarding).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.mobitopolo.api.rebind;
