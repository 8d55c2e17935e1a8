package org.mobitopolo.api.bench;

import java.util.concurrent.CompletionStage;
import java.util.function.DoubleConsumer;
import org.osgi.annotation.versioning.ConsumerType;

/** Measures round-trip times to a peer. Implemented by a benchmark plugin. */
@ConsumerType
public interface LatencyProbe {
    /** Takes {@code request.count()} samples; each sample's RTT in ms arrives on {@code sample} as it is taken. */
    CompletionStage<LatencyResult> measure(LatencyRequest request, DoubleConsumer sample);
}
