package org.mobitopolo.rest.internal;

import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;

/**
 * Keeps CXF from reading the rest of a request body a resource has refused. Before it writes the
 * answer CXF copies whatever of the body is left into a cache (a temporary file beyond 128 KiB), in
 * case the answer echoes it: a refused upload of many GiB, or an endless chunked one, would fill the
 * disk it was refused to protect. Marked so, CXF drains at most 16 MiB; the answer then closes the
 * connection, and the sender stops.
 */
final class UnreadBody {
    /** The exchange property CXF's OutgoingChainInterceptor and AbstractHTTPDestination read. */
    private static final String CACHE_INPUT = "cxf.io.cacheinput";

    private UnreadBody() {}

    /** For the request being served on this thread. */
    static void leave() {
        Message in = PhaseInterceptorChain.getCurrentMessage();
        if (in != null && in.getExchange() != null) {
            in.getExchange().put(CACHE_INPUT, Boolean.FALSE);
        }
    }
}
