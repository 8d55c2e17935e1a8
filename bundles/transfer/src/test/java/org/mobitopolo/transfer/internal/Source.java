package org.mobitopolo.transfer.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A source host for the tests: the JDK's HTTP server serving files under
 * {@code /api/v1/snapshots/NAME/export/FILE} with {@code Range: bytes=START-}, which can be told to
 * break off a body after some bytes (a source killed half-way), to hang there, or to ignore ranges.
 */
final class Source implements AutoCloseable {
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> ranges = new CopyOnWriteArrayList<>();
    volatile long breakAfter = -1;
    volatile boolean hang;
    volatile boolean ignoreRanges;
    final CountDownLatch hanging = new CountDownLatch(1);
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    Source() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/snapshots/", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        byte[] file = files.get(path.substring(path.lastIndexOf('/') + 1));
        if (file == null) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        String range = x.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        int start = range == null || ignoreRanges ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        if (start > 0) {
            x.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (file.length - 1) + "/" + file.length);
        }
        x.sendResponseHeaders(start > 0 ? 206 : 200, file.length - start);
        OutputStream out = x.getResponseBody();
        int end = breakAfter < 0 ? file.length : (int) Math.min(file.length, start + breakAfter);
        out.write(file, start, end - start);
        out.flush();
        if (end < file.length && hang) {
            hanging.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        x.close(); // short of its length: the connection is closed
    }

    @Override
    public void close() {
        threads.shutdownNow();
        server.stop(0);
    }
}
