/**
 * Virtual networks: the {@link org.mobitopolo.api.net.VirtualSwitch} SPI that joins VM ports into LANs over UDP.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.mobitopolo.api.net;
