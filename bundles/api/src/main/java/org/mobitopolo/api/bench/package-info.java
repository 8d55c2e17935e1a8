/**
 * Measuring the network: the {@link org.mobitopolo.api.bench.BandwidthProbe} SPI.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mobitopolo.api.bench;
