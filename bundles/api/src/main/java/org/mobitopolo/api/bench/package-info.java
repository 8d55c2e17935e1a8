/**
 * Measuring the network: throughput with {@link org.mobitopolo.api.bench.BandwidthProbe} against a server
 * such as {@link org.mobitopolo.api.bench.BandwidthServer}, and round-trip time with
 * {@link org.mobitopolo.api.bench.LatencyProbe}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.mobitopolo.api.bench;
