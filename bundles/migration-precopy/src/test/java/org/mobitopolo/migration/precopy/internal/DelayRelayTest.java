package org.mobitopolo.migration.precopy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The WAN emulation relay with real sockets on both sides: an echo server as the target. */
class DelayRelayTest {
    /** Echoes each connection's bytes back until the client ends its side. */
    private static ServerSocket echoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static InetSocketAddress address(ServerSocket s) {
        return new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
    }

    @Test
    void addsTheDelayEachWayAndCarriesEveryByteInOrder() throws Exception {
        try (ServerSocket echo = echoServer(); DelayRelay relay = new DelayRelay(address(echo), 100);
                Socket client = new Socket("127.0.0.1", relay.port())) {
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();

            long t0 = System.nanoTime();
            out.write('x');
            assertEquals('x', in.read());
            long rttMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(rttMillis >= 200 && rttMillis < 400, "100 ms each way, round trip " + rttMillis + " ms");

            byte[] data = new byte[1 << 20]; // four times the relay's window: its back-pressure must hold
            new Random(7).nextBytes(data);
            Thread writer = new Thread(() -> {
                try {
                    out.write(data);
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            byte[] back = in.readAllBytes(); // ends when the echo's end comes back through the relay
            writer.join();
            assertArrayEquals(data, back);
            assertEquals(1 + data.length, relay.bytesSent(), "bytes sent on towards the target");
        }
    }

    @Test
    void aTargetThatCannotBeReachedFailsTheStreamAtOnceAndTheRelayGoesOn() throws Exception {
        ServerSocket placeholder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        InetSocketAddress target = address(placeholder);
        placeholder.close(); // nothing listens there now
        try (DelayRelay relay = new DelayRelay(target, 10)) {
            try (Socket client = new Socket("127.0.0.1", relay.port())) {
                client.setSoTimeout(5000);
                int read;
                try {
                    read = client.getInputStream().read();
                } catch (SocketException reset) {
                    read = -1;
                }
                assertEquals(-1, read, "the sender's stream ends instead of hanging");
            }
            try (ServerSocket echo = new ServerSocket()) {
                echo.bind(target); // the target comes up on the same port
                Thread t = new Thread(() -> {
                    try (Socket s = echo.accept()) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException e) {
                        // closed at the end of the test
                    }
                });
                t.setDaemon(true);
                t.start();
                try (Socket client = new Socket("127.0.0.1", relay.port())) {
                    client.setSoTimeout(5000);
                    client.getOutputStream().write('y');
                    assertEquals('y', client.getInputStream().read(), "the next stream is relayed");
                }
            }
        }
    }
}
