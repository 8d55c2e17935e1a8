package org.mobitopolo.proxy.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyLimits;
import org.mobitopolo.api.proxy.ProxyStatus;
import org.mobitopolo.proxy.contract.Curl;
import org.mobitopolo.proxy.contract.TestOrigin;

/** What only the embedded proxy does: caching, limits, timeouts, its own 502/504 pages, keep-alive. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NettyProxyTest {
    private static final int PROXY = 8820;
    private static final int ORIGIN = 8821;
    private static final int DEAD = 8829;

    @TempDir
    Path dir;
    private NettyWebProxy proxy;
    private TestOrigin origin;

    @BeforeAll
    void start() throws IOException {
        origin = TestOrigin.http(ORIGIN);
        proxy = new NettyWebProxy(Files.createTempDirectory("netty-proxy"));
    }

    @AfterAll
    void stop() {
        proxy.close();
        origin.close();
    }

    private ProxyStatus start(long cacheBytes, long diskBytes, ProxyLimits limits) {
        return proxy.start(new ProxyConfig("127.0.0.1", PROXY, List.of(), List.of(), false, cacheBytes, diskBytes,
                List.of(443), limits));
    }

    private Curl.Result curl(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("-x", "http://127.0.0.1:" + PROXY));
        a.addAll(List.of(args));
        return Curl.run(dir, a.toArray(String[]::new));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + ORIGIN + path;
    }

    @Test
    void freshResponsesComeFromTheCache() throws Exception {
        start(1 << 20, 0, ProxyLimits.DEFAULT);
        int before = origin.hits("/small");
        assertEquals("hello\n", curl(url("/small")).body());
        Curl.Result second = curl(url("/small"));
        assertEquals("hello\n", second.body());
        assertTrue(second.headers().toLowerCase().contains("\nage: "), second.headers());
        assertEquals(before + 1, origin.hits("/small"), "the second came from the cache");
        ProxyStatus s = proxy.status();
        assertEquals(1, s.cacheHits());
        assertEquals(1, s.cacheMisses());
        assertTrue(s.cachedBytes() > 0);
        curl("-H", "Cache-Control: no-store", url("/small"));
        assertEquals(before + 2, origin.hits("/small"), "no-store from the client bypasses the cache");
    }

    @Test
    void privateResponsesAreNotShared() throws Exception {
        start(1 << 20, 0, ProxyLimits.DEFAULT);
        int before = origin.hits("/private");
        curl(url("/private"));
        curl(url("/private"));
        assertEquals(before + 2, origin.hits("/private"));
        assertEquals(0, proxy.status().cacheHits());
    }

    @Test
    void validatorsRevalidateWith304() throws Exception {
        start(1 << 20, 0, ProxyLimits.DEFAULT);
        assertEquals("validated body\n", curl(url("/etag")).body());
        Curl.Result again = curl(url("/etag"));
        assertEquals(200, again.status());
        assertEquals("validated body\n", again.body(), "the 304 is turned back into the stored body");
        assertTrue(origin.lastHeaders.contains("if-none-match: \"v1\""), origin.lastHeaders);
        assertEquals(1, proxy.status().cacheHits());
    }

    @Test
    void whatMemoryEvictsIsServedFromDisk() throws Exception {
        // 100 KB of memory holds one 60 KB body; the others go to disk and still answer.
        start(100_000, 10_000_000, ProxyLimits.DEFAULT);
        for (int i = 0; i < 3; i++) {
            assertEquals(60_000, curl(url("/bytes?n=60000&cache=" + i)).bytes());
        }
        int fetched = origin.hits("/bytes");
        for (int i = 0; i < 3; i++) {
            assertEquals(60_000, curl(url("/bytes?n=60000&cache=" + i)).bytes());
        }
        assertEquals(fetched, origin.hits("/bytes"), "all three came from the cache");
        assertEquals(3, proxy.status().cacheHits());
        assertTrue(proxy.status().cachedBytes() >= 180_000);
    }

    @Test
    void unreachableOriginIs502() throws Exception {
        start(0, 0, ProxyLimits.DEFAULT);
        Curl.Result r = curl("http://127.0.0.1:" + DEAD + "/");
        assertEquals(502, r.status());
        assertTrue(r.body().contains("cannot connect to 127.0.0.1:" + DEAD), r.body());
        assertEquals(1, proxy.status().upstreamFailures());
    }

    @Test
    void silentOriginIs504() throws Exception {
        start(0, 0, new ProxyLimits(0, 0, 500, 10_000));
        Curl.Result r = curl(url("/slow"));
        assertEquals(504, r.status());
        assertTrue(r.body().contains("sent nothing for 500 ms"), r.body());
    }

    @Test
    void slowClientsAreCutOffAndOthersServed() throws Exception {
        start(0, 0, new ProxyLimits(0, 0, 30_000, 500));
        try (Socket slow = new Socket("127.0.0.1", PROXY)) {
            slow.getOutputStream().write(("GET " + url("/small") + " HTTP/1.1\r\nHost: x\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, curl(url("/small")).status(), "others are served meanwhile");
            slow.setSoTimeout(5000);
            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
        assertEquals(1, proxy.status().badRequests());
    }

    @Test
    void connectionsPerClientAreLimited() throws Exception {
        start(0, 0, new ProxyLimits(2, 0, 30_000, 10_000));
        try (Socket a = new Socket("127.0.0.1", PROXY); Socket b = new Socket("127.0.0.1", PROXY)) {
            awaitActive(2);
            Curl.Result third = curl(url("/small"));
            assertEquals(429, third.status());
            assertEquals(200, curl("--interface", "127.0.0.2", url("/small")).status(), "another client is not affected");
        }
        awaitActive(0);
        assertEquals(200, curl(url("/small")).status(), "free again once they closed");
    }

    @Test
    void connectionsPerUserAreLimited() throws Exception {
        proxy.putUser("bob", "s3cret".toCharArray());
        proxy.start(new ProxyConfig("127.0.0.1", PROXY, List.of(), List.of(), true, 0, 0, List.of(443),
                new ProxyLimits(0, 1, 30_000, 10_000)));
        try (Socket held = new Socket("127.0.0.1", PROXY)) {
            String auth = java.util.Base64.getEncoder().encodeToString("bob:s3cret".getBytes(StandardCharsets.UTF_8));
            held.getOutputStream().write(("GET " + url("/small") + " HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Basic "
                    + auth + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            held.setSoTimeout(5000);
            InputStream in = held.getInputStream();
            byte[] buf = new byte[1024];
            assertTrue(new String(buf, 0, in.read(buf), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            assertEquals(429, curl("-U", "bob:s3cret", url("/small")).status());
        } finally {
            proxy.removeUser("bob");
        }
    }

    @Test
    void hopByHopHeadersStayBehind() throws Exception {
        start(0, 0, ProxyLimits.DEFAULT);
        Curl.Result r = curl("-H", "Connection: X-Hop", "-H", "X-Hop: secret", "-H", "Keep-Alive: 5", "-H", "X-End: kept",
                url("/echo"));
        assertFalse(r.body().contains("x-hop"), r.body());
        assertFalse(r.body().contains("keep-alive: 5"), r.body());
        assertTrue(r.body().contains("x-end: kept"), r.body());
        assertTrue(r.body().contains("via: 1.1 mobitopolo"), r.body());
    }

    @Test
    void connectionsAreKeptAliveOnBothSides() throws Exception {
        start(0, 0, ProxyLimits.DEFAULT);
        origin.connections.clear();
        Process curl = new ProcessBuilder("curl", "-sSv", "-x", "http://127.0.0.1:" + PROXY, "-o", "/dev/null", "-o",
                "/dev/null", "-o", "/dev/null", url("/echo"), url("/echo"), url("/echo")).start();
        String log = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor(), log);
        assertTrue(log.contains("Re-using existing connection"), log);
        assertEquals(1, origin.connections.size(), "one origin connection for three requests");
    }

    @Test
    void aTakenPortIsAClearError() {
        start(0, 0, ProxyLimits.DEFAULT);
        NettyWebProxy second = new NettyWebProxy(dir.resolve("second"));
        try {
            PlatformException e = assertThrows(PlatformException.class, () -> second.start(new ProxyConfig("127.0.0.1",
                    PROXY, List.of(), List.of(), false, 0)));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + PROXY), e.getMessage());
        } finally {
            second.close();
        }
    }

    private void awaitActive(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (proxy.status().activeConnections() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, proxy.status().activeConnections());
    }
}
