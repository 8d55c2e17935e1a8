package org.mobitopolo.api.bench;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The server side of bandwidth tests, which peers' clients (iperf3's or ours) test against. Stopped
 * until started, so that no port is taken unasked.
 */
@ConsumerType
public interface BandwidthServer {
    /**
     * Starts listening (TCP and UDP) on {@code address:port}.
     *
     * @throws org.mobitopolo.api.platform.PlatformException CONFLICT when it runs already, FAILED when
     *         the port cannot be bound
     */
    ServerStatus start(String address, int port);

    /** Stops listening and ends the tests in flight; stopping a stopped server is no error. */
    ServerStatus stop();

    /** Whether it listens, where, and what it served. */
    ServerStatus status();
}
