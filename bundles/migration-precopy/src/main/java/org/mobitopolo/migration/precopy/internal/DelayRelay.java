package org.mobitopolo.migration.precopy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own channel for one stream of a move, on the source host: the hypervisor sends to
 * it, it sends on to the target, holding every chunk for a fixed delay each way. This host has no
 * {@code netem}; with {@code tbf} limiting the link's rate it emulates a WAN path for benchmarks.
 */
final class DelayRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DelayRelay.class);

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final AtomicLong sent = new AtomicLong();

    /**
     * What a direction holds at most: 16 reads of 16 KiB, a 256 KiB window, about what TCP keeps in
     * flight on such a path (it caps the relay at 20 Mbit/s with 100 ms). A deeper buffer would let
     * the sender believe the link is faster than it is, and switch over with seconds of data still
     * on their way.
     */
    private static final int WINDOW_CHUNKS = 16;
    private static final int CHUNK = 16 * 1024;

    private record Chunk(byte[] data, long dueNanos) {}

    DelayRelay(InetSocketAddress target, long delayMillis) throws IOException {
        this.target = target;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.server = new ServerSocket();
        server.setReceiveBufferSize(WINDOW_CHUNKS * CHUNK);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        thread("accept", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes sent on towards the target: what crossed the link. */
    long bytesSent() {
        return sent.get();
    }

    private void accept() {
        try {
            while (!server.isClosed()) {
                Socket in = server.accept();
                Socket out = new Socket();
                out.setSendBufferSize(WINDOW_CHUNKS * CHUNK); // fixed, so the kernel does not queue megabytes more
                out.connect(target, 5000);
                pipe(in, out, sent);
                pipe(out, in, new AtomicLong());
            }
        } catch (IOException e) {
            if (!server.isClosed()) {
                LOG.warn("Relay to {} stopped: {}", target, e.getMessage());
            }
        }
    }

    /**
     * Copies one direction: a reader queues what it reads, due {@code delay} later, a writer sends
     * it when due. The bounded queue passes the far side's pace back to the sender, as a TCP window
     * would.
     */
    private void pipe(Socket from, Socket to, AtomicLong bytes) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(WINDOW_CHUNKS);
        thread("read", () -> {
            try (InputStream in = from.getInputStream()) {
                byte[] buf = new byte[CHUNK];
                for (int n; (n = in.read(buf)) > 0; ) {
                    queue.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
                queue.put(new Chunk(new byte[0], System.nanoTime() + delayNanos)); // the end, delayed too
            } catch (IOException e) {
                LOG.debug("Relay read ended: {}", e.getMessage());
                queue.offer(new Chunk(new byte[0], 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread("write", () -> {
            try {
                OutputStream out = to.getOutputStream();
                for (Chunk c = queue.take(); c.data().length > 0; c = queue.take()) {
                    long wait = c.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    out.write(c.data());
                    bytes.addAndGet(c.data().length);
                }
                to.shutdownOutput();
            } catch (IOException e) {
                LOG.debug("Relay write ended: {}", e.getMessage());
                closeQuietly(from);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void thread(String what, Runnable r) {
        Thread t = new Thread(r, "mobitopolo-relay-" + what);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed by the other side
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
