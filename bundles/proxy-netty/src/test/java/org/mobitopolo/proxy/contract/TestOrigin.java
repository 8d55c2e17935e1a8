package org.mobitopolo.proxy.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The JDK's own HTTP server (or HTTPS, with a key made by {@code keytool}) as the origin behind the proxy
 * under test, counting what reaches it.
 */
public final class TestOrigin implements AutoCloseable {
    /** Requests that reached the origin, by path. */
    public final ConcurrentHashMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Client ports the origin saw: one per connection the proxy opened. */
    public final Set<Integer> connections = ConcurrentHashMap.newKeySet();
    /** The last request's headers, as {@code name: value} lines in lower case. */
    public volatile String lastHeaders = "";
    /** The certificate of an HTTPS origin, PEM, for {@code curl --cacert}. */
    public final Path certificate;
    private final HttpServer server;

    private TestOrigin(HttpServer server, Path certificate) {
        this.server = server;
        this.certificate = certificate;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    public static TestOrigin http(int port) throws IOException {
        return new TestOrigin(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128), null);
    }

    /** An HTTPS origin for {@code localhost} and 127.0.0.1 with a fresh self-signed key. */
    public static TestOrigin https(int port, Path dir) throws Exception {
        Path store = dir.resolve("origin.p12");
        Path pem = dir.resolve("origin.pem");
        Files.deleteIfExists(store);
        run("keytool", "-genkeypair", "-alias", "origin", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        run("keytool", "-exportcert", "-rfc", "-alias", "origin", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestOrigin(s, pem);
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        connections.add(ex.getRemoteAddress().getPort());
        StringBuilder headers = new StringBuilder();
        ex.getRequestHeaders().forEach((k, v) -> v.forEach(x -> headers.append(k.toLowerCase()).append(": ").append(x).append('\n')));
        lastHeaders = headers.toString();
        try (ex) {
            switch (path) {
                case "/small" -> {
                    ex.getResponseHeaders().set("Cache-Control", "max-age=60");
                    send(ex, 200, "hello\n");
                }
                case "/private" -> {
                    ex.getResponseHeaders().set("Cache-Control", "private, max-age=60");
                    send(ex, 200, "mine\n");
                }
                case "/etag" -> {
                    ex.getResponseHeaders().set("Cache-Control", "no-cache");
                    ex.getResponseHeaders().set("ETag", "\"v1\"");
                    if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                        ex.sendResponseHeaders(304, -1);
                    } else {
                        send(ex, 200, "validated body\n");
                    }
                }
                case "/echo" -> send(ex, 200, headers.toString());
                case "/bytes" -> {
                    long n = size(ex);
                    if (ex.getRequestURI().getQuery().contains("cache")) {
                        ex.getResponseHeaders().set("Cache-Control", "max-age=60");
                    }
                    ex.sendResponseHeaders(200, n);
                    byte[] block = new byte[64 * 1024];
                    try (OutputStream out = ex.getResponseBody()) {
                        for (long left = n; left > 0; left -= block.length) {
                            out.write(block, 0, (int) Math.min(block.length, left));
                        }
                    }
                }
                case "/stream" -> {
                    // No length: chunked to an HTTP/1.1 client.
                    long n = size(ex);
                    ex.sendResponseHeaders(200, 0);
                    byte[] block = new byte[64 * 1024];
                    try (OutputStream out = ex.getResponseBody()) {
                        for (long left = n; left > 0; left -= block.length) {
                            out.write(block, 0, (int) Math.min(block.length, left));
                        }
                    }
                }
                case "/upload" -> {
                    long n = 0;
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = ex.getRequestBody()) {
                        for (int r; (r = in.read(buf)) > 0; ) {
                            n += r;
                        }
                    }
                    send(ex, 200, "received " + n + "\n");
                }
                case "/slow" -> {
                    sleep(3000);
                    send(ex, 200, "late\n");
                }
                default -> send(ex, 404, "no such test page\n");
            }
        }
    }

    private static long size(HttpExchange ex) {
        for (String p : ex.getRequestURI().getQuery().split("&")) {
            if (p.startsWith("n=")) {
                return Long.parseLong(p.substring(2));
            }
        }
        throw new IllegalArgumentException("n= missing");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
