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

    /** Reads {@code HOST:PORT}, as {@link #toString()} writes it. */
    public static Endpoint parse(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        try {
            return new Endpoint(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a UDP endpoint is HOST:PORT, got '" + hostPort + "'", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
