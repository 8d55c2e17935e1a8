package org.mobitopolo.api.bench;

import java.util.List;

/**
 * A bandwidth server's state.
 *
 * @param running whether it listens
 * @param address where it listens, {@code null} when stopped
 * @param port its control port, {@code 0} when stopped
 * @param testsServed tests that ran to their end
 * @param testsFailed tests that ended early: the client vanished, sent garbage or asked too much
 * @param malformed connections closed for bad cookies or garbage
 * @param recent the latest tests, newest last
 */
public record ServerStatus(boolean running, String address, int port, long testsServed, long testsFailed,
        long malformed, List<ServedTest> recent) {
    public ServerStatus {
        recent = List.copyOf(recent);
    }
}
