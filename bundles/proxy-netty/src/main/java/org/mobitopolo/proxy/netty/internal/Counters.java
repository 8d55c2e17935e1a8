package org.mobitopolo.proxy.netty.internal;

import java.util.concurrent.atomic.LongAdder;

/** What the proxy did since it started; written from every event loop. */
final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder active = new LongAdder();
    final LongAdder denied = new LongAdder();
    final LongAdder badRequests = new LongAdder();
    final LongAdder upstreamFailures = new LongAdder();
    final LongAdder cacheHits = new LongAdder();
    final LongAdder cacheMisses = new LongAdder();
}
