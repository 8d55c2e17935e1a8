package org.mobitopolo.api.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostCallsTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CountDownLatch done = new CountDownLatch(1);
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        done.countDown();
        server.close();
    }

    @Test
    void aWholeAnswerIsReturned() throws Exception {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        assertEquals("ok", HostCalls.send(http, request(Duration.ofSeconds(5))).body());
    }

    /** The headers come, the body stalls: {@code HttpClient.send} would wait for ever (JDK-8258397). */
    @Test
    void anAnswerWhoseBodyStallsEndsAtTheTimeout() throws Exception {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart of it", true);
        long t0 = System.nanoTime();
        HttpTimeoutException e = assertThrows(HttpTimeoutException.class, () -> HostCalls.send(http, request(Duration.ofSeconds(1))));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis >= 900 && millis < 10_000, millis + " ms");
        assertTrue(e.getMessage().contains("no whole answer within 1 s"), e.getMessage());
    }

    @Test
    void aHostThatIsNotThereFailsAsSendWould() throws Exception {
        URI gone = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
        server.close();
        assertThrows(java.net.ConnectException.class,
                () -> HostCalls.send(http, HttpRequest.newBuilder(gone).timeout(Duration.ofSeconds(5)).build()));
    }

    private HttpRequest request(Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/")).timeout(timeout).build();
    }

    /** Answers one request with {@code response}; with {@code stall}, keeps the connection open without a word more. */
    private void answer(String response, boolean stall) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] request = new byte[4096];
                in.read(request);
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (stall) {
                    done.await();
                }
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
