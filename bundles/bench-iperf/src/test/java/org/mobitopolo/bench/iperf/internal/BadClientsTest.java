package org.mobitopolo.bench.iperf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.bench.ServerStatus;

/** Clients that misbehave get a clear error or a clean close, and the server serves the next one. */
class BadClientsTest {
    private static final int PORT = 5305;
    private IperfServer server;

    @BeforeEach
    void listen() {
        server = new IperfServer(RealIperf3.config(32, 2));
        server.start("127.0.0.1", PORT);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void garbageInsteadOfACookieIsClosed() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read(), "closed without an answer");
        }
        assertEquals(1, server.status().malformed());
        nextClientIsServed();
    }

    @Test
    void garbageOnTheControlConnectionGetsServerError() throws Exception {
        try (Socket s = connect()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(Iperf3.newCookie());
            assertEquals(Iperf3.PARAM_EXCHANGE, in.readByte());
            out.writeInt(Integer.MAX_VALUE); // a 2 GB "JSON" message
            out.write(new byte[64]);
            assertEquals(Iperf3.SERVER_ERROR, in.readByte());
            assertEquals(Iperf3.IEMESSAGE, in.readInt());
            in.readInt();
            assertClosed(in);
        }
        waitFor(st -> st.testsFailed() == 1 && st.malformed() == 1, "the test counted as failed and malformed");
        nextClientIsServed();
    }

    @Test
    void aClientThatVanishesMidTestEndsItsTest() throws Exception {
        try (RealIperf3 client = RealIperf3.startClient(PORT, "-t", "30")) {
            waitFor(st -> st.recent().stream().anyMatch(t -> t.outcome().equals("running") && t.bytes() > 0), "data flowing");
            client.kill();
        }
        ServerStatus st = waitFor(s -> s.testsFailed() == 1, "the test ended");
        assertTrue(st.recent().get(0).outcome().contains("vanished"), st.toString());
        nextClientIsServed();
    }

    @Test
    void tooManyStreamsAreRefusedWithIperf3sError() throws Exception {
        JsonNode client = RealIperf3.client(PORT, "-t", "1", "-P", "40");
        assertTrue(client.path("error").asText().contains("parallel streams"), client.path("error").asText());
        ServerStatus st = waitFor(s -> s.testsFailed() == 1, "the test refused");
        assertTrue(st.recent().get(0).outcome().contains("parallel streams must be 1-32, asked 40"), st.toString());
        nextClientIsServed();
    }

    @Test
    void testsRunSideBySideUpToTheLimitThenTheServerIsBusy() throws Exception {
        try (RealIperf3 a = RealIperf3.startClient(PORT, "-t", "3", "--json");
                RealIperf3 b = RealIperf3.startClient(PORT, "-t", "3", "--json")) {
            waitFor(st -> st.recent().stream().filter(t -> t.outcome().equals("running") && t.bytes() > 0).count() == 2,
                    "two tests running");
            JsonNode third = RealIperf3.client(PORT, "-t", "1");
            assertTrue(third.path("error").asText().contains("busy"), third.toString());
            assertTrue(a.json(10).at("/end/sum_sent/bytes").asLong() > 0);
            assertTrue(b.json(10).at("/end/sum_sent/bytes").asLong() > 0);
        }
        waitFor(st -> st.testsServed() == 2, "both served");
    }

    @Test
    void aWellFormedCookieForNoTestOnADataPortIsAControlConnection() throws Exception {
        // iperf3 cannot tell a data stream of a finished test from a new client either: it answers PARAM_EXCHANGE.
        try (Socket s = connect()) {
            s.getOutputStream().write(Iperf3.newCookie());
            InputStream in = s.getInputStream();
            assertArrayEquals(new byte[] {Iperf3.PARAM_EXCHANGE}, in.readNBytes(1));
        }
        waitFor(st -> st.testsFailed() == 1, "the abandoned test ended");
        nextClientIsServed();
    }

    /** A close with the client's garbage still unread is a reset: both are a clean end here. */
    private static void assertClosed(InputStream in) throws Exception {
        try {
            assertEquals(-1, in.read(), "then closed");
        } catch (java.net.SocketException reset) {
            assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
        }
    }

    private Socket connect() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", PORT), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private void nextClientIsServed() throws Exception {
        long served = server.status().testsServed();
        JsonNode client = RealIperf3.client(PORT, "-t", "1");
        assertTrue(client.at("/end/sum_sent/bytes").asLong() > 0, client.toString());
        waitFor(st -> st.testsServed() == served + 1, "the next test served");
    }

    private ServerStatus waitFor(Predicate<ServerStatus> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        ServerStatus st = server.status();
        while (!condition.test(st)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 10 s: " + st);
            }
            Thread.sleep(20);
            st = server.status();
        }
        return st;
    }
}
