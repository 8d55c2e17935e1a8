package org.mobitopolo.api.proxy;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An HTTP/HTTPS forward proxy. Implemented by a proxy plugin (embedded, or supervising tinyproxy); the
 * platform uses whichever one is active.
 */
@ConsumerType
public interface WebProxy {
    /** Service property naming the implementation, e.g. {@code netty}. */
    String IMPLEMENTATION = "proxy.implementation";

    /** Starts the proxy, or restarts it with the new settings; returns once it accepts connections. */
    ProxyStatus start(ProxyConfig config);

    /** Stops the proxy; open connections are closed. */
    void stop();

    /** The proxy's state and counters. */
    ProxyStatus status();

    /**
     * Adds a user for {@code Proxy-Authorization: Basic}, or changes its password. Takes effect at once,
     * also on a running proxy. The password is never logged.
     *
     * @throws IllegalArgumentException for an empty name, a name with {@code ':'} or blanks, or an empty password
     */
    void putUser(String name, char[] password);

    /** Removes a user; returns whether it existed. */
    boolean removeUser(String name);

    /** The users' names, sorted. */
    List<String> users();
}
