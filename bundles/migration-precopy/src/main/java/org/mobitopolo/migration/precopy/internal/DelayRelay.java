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
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Marks the end of a direction's stream in its queue. */
    private static final byte[] END = new byte[0];

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
        while (!server.isClosed()) {
            Socket in;
            try {
                in = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Relay to {} stopped: {}", target, e.getMessage());
                }
                return;
            }
            Socket out = new Socket();
            try {
                out.setSendBufferSize(WINDOW_CHUNKS * CHUNK); // fixed, so the kernel does not queue megabytes more
                out.connect(target, 5000);
            } catch (IOException e) {
                // The sender's stream fails at once rather than waiting on a relay that has no far side.
                LOG.warn("Relay could not reach {}: {}", target, e.getMessage());
                closeQuietly(in);
                closeQuietly(out);
                continue;
            }
            // Each direction ends on its own (a half-close passes through); the sockets close once both have.
            AtomicInteger open = new AtomicInteger(2);
            Runnable ended = () -> {
                if (open.decrementAndGet() == 0) {
                    closeQuietly(in);
                    closeQuietly(out);
                }
            };
            pipe(in, out, sent, ended);
            pipe(out, in, new AtomicLong(), ended);
        }
    }

    /**
     * Copies one direction: a reader queues what it reads, due {@code delay} later, a writer sends
     * it when due. The bounded queue passes the far side's pace back to the sender, as a TCP window
     * would. The end of the stream is passed on, delayed too; a broken stream breaks the other side's.
     */
    private void pipe(Socket from, Socket to, AtomicLong bytes, Runnable ended) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(WINDOW_CHUNKS);
        thread("read", () -> {
            try {
                InputStream in = from.getInputStream(); // not closed here: that would close the other direction too
                byte[] buf = new byte[CHUNK];
                for (int n; (n = in.read(buf)) > 0; ) {
                    queue.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
                queue.put(new Chunk(END, System.nanoTime() + delayNanos));
            } catch (IOException e) {
                LOG.debug("Relay read ended: {}", e.getMessage());
                abort(from, to, queue);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread("write", () -> {
            try {
                OutputStream out = to.getOutputStream();
                for (Chunk c = queue.take(); c.data() != END; c = queue.take()) {
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
                abort(from, to, queue);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.run();
        });
    }

    /**
     * Closes both sockets and lets the direction's threads finish: the reader fails on its closed
     * socket once the queue has room, the writer stops at the end marker.
     */
    private static void abort(Socket from, Socket to, BlockingQueue<Chunk> queue) {
        closeQuietly(from);
        closeQuietly(to);
        queue.clear();
        queue.offer(new Chunk(END, 0));
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
