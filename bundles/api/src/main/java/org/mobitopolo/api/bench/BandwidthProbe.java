package org.mobitopolo.api.bench;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/** Measures throughput to a peer, iperf3-style. Implemented by a benchmark plugin. */
@ConsumerType
public interface BandwidthProbe {
    /** Runs one test; each interval's figures arrive on {@code progress} while it runs. */
    CompletionStage<ProbeResult> run(ProbeRequest request, Consumer<ProbeInterval> progress);
}
