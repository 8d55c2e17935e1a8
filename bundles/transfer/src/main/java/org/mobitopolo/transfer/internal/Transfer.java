package org.mobitopolo.transfer.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.TransferInfo;
import org.mobitopolo.api.transfer.TransferState;

/**
 * One attempt at fetching a snapshot or an image and what it has done. Only its worker thread counts bytes, as
 * they are written; a cancel or a stall closes the body it reads and interrupts it (the HTTP client's
 * body stream ignores interrupts), and the worker ends the attempt itself, so that nothing is written
 * after the state says it ended.
 */
final class Transfer {
    final Kind kind;
    final String name;
    final URI from;
    final long rateBytesPerSecond;
    final long startedMillis = System.currentTimeMillis();
    final CompletableFuture<TransferInfo> done = new CompletableFuture<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private volatile long totalBytes;
    private volatile TransferState state = TransferState.RUNNING;
    private volatile long finishedMillis;
    private volatile String error = "";
    /** When bytes last arrived, while a file's body is being read; 0 otherwise (hashing and importing take their time). */
    private volatile long readingSinceNanos;
    private volatile String stopReason;
    private volatile boolean cancelled;
    private boolean importing;
    private Thread worker;
    private Closeable body;

    Transfer(Kind kind, String name, URI from, long rateBytesPerSecond) {
        this.kind = kind;
        this.name = name;
        this.from = from;
        this.rateBytesPerSecond = rateBytesPerSecond;
    }

    /** A fetch of what is here already: done at once, nothing received. */
    static Transfer present(Kind kind, String name, URI from) {
        Transfer t = new Transfer(kind, name, from, 0);
        t.end(TransferState.COMPLETED, null);
        return t;
    }

    /** How messages name what it fetches, e.g. "snapshot web-ready". */
    String what() {
        return kind.word + " " + name;
    }

    TransferInfo info() {
        long r = received.get();
        long u = reused.get();
        return new TransferInfo(name, from, state, totalBytes, r + u, r, u, startedMillis, finishedMillis, error);
    }

    boolean running() {
        return state == TransferState.RUNNING;
    }

    void total(long bytes) {
        totalBytes = bytes;
    }

    void received(long bytes) {
        received.addAndGet(bytes);
        if (readingSinceNanos != 0) {
            readingSinceNanos = System.nanoTime();
        }
    }

    void reused(long bytes) {
        reused.addAndGet(bytes);
    }

    /**
     * Marks the worker reading {@code body} (stalls are watched, a stop closes it), or no longer when
     * {@code null}; {@code false} when a stop came first.
     */
    synchronized boolean reading(Closeable body) {
        this.body = body;
        readingSinceNanos = body == null ? 0 : System.nanoTime();
        return body == null || stopReason == null;
    }

    /** Whether a body has been read from for longer than {@code timeoutNanos} without a byte arriving. */
    boolean stalled(long timeoutNanos) {
        long since = readingSinceNanos;
        return since != 0 && System.nanoTime() - since > timeoutNanos;
    }

    synchronized void startedOn(Thread thread) {
        worker = thread;
        if (stopReason != null) {
            thread.interrupt(); // cancelled before it began
        }
    }

    /**
     * Stops the worker for {@code reason}, a cancel or a stall: it ends the attempt where it is.
     * Refused once the files are being imported, which is not undone halfway.
     */
    synchronized boolean stop(String reason, boolean cancel) {
        if (!running() || importing) {
            return false;
        }
        if (stopReason == null) {
            stopReason = reason;
            cancelled = cancel;
            if (worker != null) {
                worker.interrupt();
            }
            if (body != null) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the worker's read fails either way
                }
            }
        }
        return true;
    }

    /** Why a stop was asked; {@code null} if none. */
    String stopReason() {
        return stopReason;
    }

    /** Whether the stop asked was a cancel. */
    boolean cancelled() {
        return cancelled;
    }

    /** Enters the import, after which a stop is refused; {@code false} when a stop came first. */
    synchronized boolean importing() {
        if (stopReason != null) {
            return false;
        }
        importing = true;
        return true;
    }

    /** Ends the attempt, the worker's last word: {@code failure} is null when it completed. */
    void end(TransferState how, PlatformException failure) {
        synchronized (this) {
            worker = null;
            error = failure == null ? "" : failure.getMessage();
            finishedMillis = System.currentTimeMillis();
            state = how;
        }
        if (failure == null) {
            done.complete(info());
        } else {
            done.completeExceptionally(failure);
        }
    }

    /** Waits, a bounded time, for the attempt to end. */
    void await(long millis) {
        try {
            done.handle((i, e) -> null).toCompletableFuture().get(millis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
