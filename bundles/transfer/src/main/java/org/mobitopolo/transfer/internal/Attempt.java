package org.mobitopolo.transfer.internal;

import java.io.IOException;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.TransferState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at fetching a snapshot or an image, run on its worker thread: its work fetches every
 * file (or finds it) and verifies it before anything uses it, so that a failure imports nothing; the
 * source is only read. This records how it ended.
 */
final class Attempt {
    private static final Logger LOG = LoggerFactory.getLogger(Attempt.class);

    /** What an attempt does, from the source's listing to the import here. */
    interface Work {
        void fetch(Transfer t, SourceHost source) throws IOException, InterruptedException;
    }

    private final Work work;

    Attempt(Work work) {
        this.work = work;
    }

    /** Runs {@code t} to its end, which it records: completed, failed or cancelled. */
    void run(Transfer t, SourceHost source) {
        t.startedOn(Thread.currentThread());
        try {
            work.fetch(t, source);
            t.end(TransferState.COMPLETED, null);
            LOG.info("Fetched {} from {}: {} bytes received, {} reused", t.what(), t.from,
                    t.info().receivedBytes(), t.info().reusedBytes());
        } catch (InterruptedException e) {
            Thread.interrupted(); // the pool's thread lives on
            stopped(t);
        } catch (PlatformException e) {
            if (t.stopReason() != null) {
                Thread.interrupted();
                stopped(t);
            } else {
                LOG.warn("Fetching {} from {} failed: {}", t.what(), t.from, e.getMessage());
                t.end(TransferState.FAILED, e);
            }
        } catch (IOException | RuntimeException e) {
            Thread.interrupted();
            if (t.stopReason() != null) {
                stopped(t);
            } else {
                LOG.warn("Fetching {} from {} failed", t.what(), t.from, e);
                t.end(TransferState.FAILED, new PlatformException(ErrorCode.FAILED, "fetching " + t.what()
                        + " failed here: " + e.getMessage(), e));
            }
        }
    }

    private static void stopped(Transfer t) {
        String done = "after " + t.info().doneBytes() + " of " + t.info().totalBytes() + " bytes";
        if (t.cancelled()) {
            t.end(TransferState.CANCELLED, new PlatformException(ErrorCode.CONFLICT, "the transfer of " + t.what()
                    + " was cancelled " + done + "; what came is kept, a new fetch resumes it"));
        } else {
            t.end(TransferState.FAILED, new PlatformException(ErrorCode.UNAVAILABLE, "the transfer of " + t.what()
                    + " from " + t.from + " stopped " + done + ": " + t.stopReason() + "; what came is kept, a new fetch resumes it"));
        }
    }
}
