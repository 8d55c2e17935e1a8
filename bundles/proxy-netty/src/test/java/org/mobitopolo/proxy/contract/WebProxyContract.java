package org.mobitopolo.proxy.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyLimits;
import org.mobitopolo.api.proxy.ProxyStatus;
import org.mobitopolo.api.proxy.WebProxy;

/**
 * What every {@link WebProxy} must do, checked with the real {@code curl -x}: plain HTTP, HTTPS through
 * CONNECT to a local TLS server, allowed and denied client addresses (curl binds 127.0.0.2 for the
 * latter), users, and bad input that leaves the proxy serving. Each implementation runs it against itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WebProxyContract {
    @TempDir
    protected Path dir;
    protected WebProxy proxy;
    protected TestOrigin origin;
    protected TestOrigin tlsOrigin;

    /** The proxy under test, with its data under {@code dir}. */
    protected abstract WebProxy newProxy(Path dir) throws Exception;

    /** Ten ports from here are this test's: proxy, origin, TLS origin, ... */
    protected abstract int basePort();

    /** Releases what {@link #newProxy} made. */
    protected abstract void closeProxy(WebProxy proxy) throws Exception;

    /** What wrong credentials get: 407 per RFC 9110 §15.5.8. */
    protected int wrongCredentialsStatus() {
        return 407;
    }

    /** Whether oversized request headers are refused (rather than passed on to the origin). */
    protected boolean boundsHeaderSize() {
        return true;
    }

    protected int proxyPort() {
        return basePort();
    }

    protected int originPort() {
        return basePort() + 1;
    }

    protected int tlsPort() {
        return basePort() + 2;
    }

    protected String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort();
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + originPort() + path;
    }

    @BeforeAll
    void startOrigins() throws Exception {
        origin = TestOrigin.http(originPort());
        tlsOrigin = TestOrigin.https(tlsPort(), Files.createTempDirectory("tls"));
        proxy = newProxy(Files.createTempDirectory("proxy"));
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            proxy.stop();
            closeProxy(proxy);
        } finally {
            origin.close();
            tlsOrigin.close();
        }
    }

    protected ProxyConfig config(List<String> allow, List<String> deny, boolean auth) {
        return new ProxyConfig("127.0.0.1", proxyPort(), allow, deny, auth, 0, 0, List.of(tlsPort()), ProxyLimits.DEFAULT);
    }

    protected ProxyStatus open() {
        return proxy.start(config(List.of(), List.of(), false));
    }

    protected Curl.Result curl(String... args) throws IOException, InterruptedException {
        return Curl.run(dir, args);
    }

    @Test
    void plainHttpGoesThroughWithVia() throws Exception {
        ProxyStatus s = open();
        assertTrue(s.running());
        Curl.Result r = curl("-x", proxyUrl(), url("/small"));
        assertEquals(200, r.status(), r.log());
        assertEquals("hello\n", r.body());
        assertTrue(r.headers().toLowerCase().contains("\nvia: 1.1 "), r.headers());
        assertTrue(proxy.status().requests() >= 1);
    }

    @Test
    void httpsGoesThroughConnectToALocalTlsServer() throws Exception {
        open();
        Curl.Result r = curl("-x", proxyUrl(), "--cacert", tlsOrigin.certificate.toString(),
                "https://localhost:" + tlsPort() + "/small");
        assertEquals(200, r.connectStatus(), r.log());
        assertEquals(200, r.status(), r.log());
        assertEquals("hello\n", r.body());
    }

    @Test
    void connectToAPortNotAllowedIsRefused() throws Exception {
        open();
        int connections = origin.connections.size();
        Curl.Result r = curl("-x", proxyUrl(), "-k", "https://127.0.0.1:" + originPort() + "/small");
        assertEquals(403, r.connectStatus(), r.log());
        assertEquals(connections, origin.connections.size(), "nothing reached the origin");
        assertEquals(200, curl("-x", proxyUrl(), url("/small")).status(), "and the proxy serves on");
    }

    @Test
    void deniedAddressGets403AndOthersStillPass() throws Exception {
        proxy.start(config(List.of(), List.of("127.0.0.2/32"), false));
        Curl.Result denied = curl("--interface", "127.0.0.2", "-x", proxyUrl(), url("/echo"));
        assertEquals(403, denied.status(), denied.log());
        Curl.Result allowed = curl("-x", proxyUrl(), url("/small"));
        assertEquals(200, allowed.status(), allowed.log());
    }

    @Test
    void onlyTheAllowListGetsIn() throws Exception {
        proxy.start(config(List.of("127.0.0.2/32"), List.of(), false));
        assertEquals(200, curl("--interface", "127.0.0.2", "-x", proxyUrl(), url("/small")).status());
        assertEquals(403, curl("--interface", "127.0.0.3", "-x", proxyUrl(), url("/small")).status());
    }

    @Test
    void usersNeedTheRightPassword() throws Exception {
        proxy.putUser("alice", "wonder-land".toCharArray());
        proxy.start(config(List.of(), List.of(), true));
        assertEquals(List.of("alice"), proxy.users());
        Curl.Result none = curl("-x", proxyUrl(), url("/small"));
        assertEquals(407, none.status(), none.log());
        assertTrue(none.headers().toLowerCase().contains("proxy-authenticate: basic"), none.headers());
        assertEquals(wrongCredentialsStatus(), curl("-x", proxyUrl(), "-U", "alice:wrong", url("/small")).status());
        assertEquals(wrongCredentialsStatus(), curl("-x", proxyUrl(), "-U", "mallory:wonder-land", url("/small")).status());
        Curl.Result right = curl("-x", proxyUrl(), "-U", "alice:wonder-land", url("/echo"));
        assertEquals(200, right.status(), right.log());
        assertTrue(!right.body().contains("proxy-authorization"), "credentials stay with the proxy: " + right.body());
        Curl.Result tls = curl("-x", proxyUrl(), "-U", "alice:wonder-land", "--cacert", tlsOrigin.certificate.toString(),
                "https://localhost:" + tlsPort() + "/small");
        assertEquals(200, tls.status(), tls.log());
        assertTrue(proxy.removeUser("alice"));
        assertEquals(wrongCredentialsStatus(), curl("-x", proxyUrl(), "-U", "alice:wonder-land", url("/small")).status(),
                "removed at once");
    }

    @Test
    void malformedRequestIsRefusedAndTheProxyServesOn() throws Exception {
        open();
        String answer = raw("THIS IS NOT HTTP\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.") && answer.contains(" 400 "), answer);
        assertEquals(200, curl("-x", proxyUrl(), url("/small")).status());
    }

    @Test
    void hugeHeadersAreRefusedAndTheProxyServesOn() throws Exception {
        open();
        Curl.Result r = curl("-x", proxyUrl(), "-H", "X-Huge: " + "a".repeat(70_000), url("/echo"));
        if (boundsHeaderSize()) {
            assertNotEquals(200, r.status(), r.log());
        }
        assertEquals(200, curl("-x", proxyUrl(), url("/small")).status());
    }

    @Test
    void largeBodiesStreamBothWays() throws Exception {
        open();
        long size = 256L << 20;
        Curl.Result down = curl("-x", proxyUrl(), url("/bytes?n=" + size));
        assertEquals(200, down.status(), down.log());
        assertEquals(size, down.bytes());
        Path upload = dir.resolve("upload.bin");
        try (var out = Files.newOutputStream(upload)) {
            out.write(new byte[8 << 20]);
        }
        Curl.Result up = curl("-x", proxyUrl(), "--data-binary", "@" + upload, url("/upload"));
        assertEquals("received " + (8 << 20) + "\n", up.body(), up.log());
    }

    @Test
    void chunkedResponsesArriveWhole() throws Exception {
        open();
        Curl.Result r = curl("-x", proxyUrl(), url("/stream?n=3000000"));
        assertEquals(200, r.status(), r.log());
        assertEquals(3_000_000, r.bytes());
    }

    @Test
    void stopClosesThePort() throws Exception {
        open();
        proxy.stop();
        assertTrue(!proxy.status().running());
        Curl.Result r = curl("-x", proxyUrl(), url("/small"));
        assertEquals(7, r.exit(), "curl: could not connect " + r.log());
    }

    /** One raw request on its own connection; what came back until the proxy closed or 5 s passed. */
    protected String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxyPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder b = new StringBuilder();
            try {
                for (int n; (n = in.read(buf)) > 0 && b.length() < 65536; ) {
                    b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // what came is what we test
            }
            return b.toString();
        }
    }
}
