package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** The test's stand-in for a wire: forwards every datagram from one VM to the other, unchanged. */
final class UdpRelay implements AutoCloseable {
    private final DatagramChannel a;
    private final DatagramChannel b;
    private final Thread aToB;
    private final Thread bToA;

    /** VM A sends to {@link #portA()} and listens on {@code vmA}; likewise for B. */
    UdpRelay(int vmA, int vmB) throws IOException {
        a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        aToB = pump(a, b, new InetSocketAddress("127.0.0.1", vmB));
        bToA = pump(b, a, new InetSocketAddress("127.0.0.1", vmA));
    }

    int portA() {
        return ((InetSocketAddress) uncheckedLocal(a)).getPort();
    }

    int portB() {
        return ((InetSocketAddress) uncheckedLocal(b)).getPort();
    }

    private static SocketAddress uncheckedLocal(DatagramChannel c) {
        try {
            return c.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thread pump(DatagramChannel from, DatagramChannel to, SocketAddress target) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    buf.clear();
                    from.receive(buf);
                    buf.flip();
                    to.send(buf, target);
                }
            } catch (IOException closed) {
                // the relay was closed
            }
        }, "udp-relay");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() throws IOException {
        a.close();
        b.close();
        aToB.interrupt();
        bToA.interrupt();
    }
}
