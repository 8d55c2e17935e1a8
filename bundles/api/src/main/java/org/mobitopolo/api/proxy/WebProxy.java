package org.mobitopolo.api.proxy;

import org.osgi.annotation.versioning.ConsumerType;

/** An HTTP/HTTPS forward proxy. Implemented by a proxy plugin (embedded, or supervising tinyproxy). */
@ConsumerType
public interface WebProxy {
    /** Starts the proxy, or restarts it with the new settings; returns once it accepts connections. */
    ProxyStatus start(ProxyConfig config);

    /** Stops the proxy; open connections are closed. */
    void stop();

    /** The proxy's state and counters. */
    ProxyStatus status();
}
