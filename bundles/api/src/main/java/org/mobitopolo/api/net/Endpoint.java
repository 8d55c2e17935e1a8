package org.mobitopolo.api.net;

/**
 * A UDP endpoint.
 *
 * @param host an IP address or host name
 * @param port a UDP port, 1-65535
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("UDP port must be 1-65535, got " + port);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
