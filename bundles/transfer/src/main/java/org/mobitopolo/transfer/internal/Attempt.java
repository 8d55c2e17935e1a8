package org.mobitopolo.transfer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.TransferState;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.SnapshotFile;
import org.mobitopolo.api.vm.VmRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at fetching a snapshot, run on its worker thread from the listing to the import: every
 * file is fetched (or found) and verified before the hypervisor sees any, so that a failure imports
 * nothing; the source is only read.
 */
final class Attempt {
    private static final Logger LOG = LoggerFactory.getLogger(Attempt.class);

    /** One lock per cached base image: two snapshots on one base fetch it once, one after the other. */
    private final Map<String, ReentrantLock> baseLocks = new ConcurrentHashMap<>();
    private final VmRegistry registry;
    private final Staging staging;

    Attempt(VmRegistry registry, Staging staging) {
        this.registry = registry;
        this.staging = staging;
    }

    /** Runs {@code t} to its end, which it records: completed, failed or cancelled. */
    void run(Transfer t, SourceHost source) {
        t.startedOn(Thread.currentThread());
        try {
            fetch(t, source);
            t.end(TransferState.COMPLETED, null);
            LOG.info("Fetched snapshot {} from {}: {} bytes received, {} reused", t.snapshot, t.from,
                    t.info().receivedBytes(), t.info().reusedBytes());
        } catch (InterruptedException e) {
            Thread.interrupted(); // the pool's thread lives on
            stopped(t);
        } catch (PlatformException e) {
            if (t.stopReason() != null) {
                Thread.interrupted();
                stopped(t);
            } else {
                LOG.warn("Fetching snapshot {} from {} failed: {}", t.snapshot, t.from, e.getMessage());
                t.end(TransferState.FAILED, e);
            }
        } catch (IOException | RuntimeException e) {
            Thread.interrupted();
            if (t.stopReason() != null) {
                stopped(t);
            } else {
                LOG.warn("Fetching snapshot {} from {} failed", t.snapshot, t.from, e);
                t.end(TransferState.FAILED, new PlatformException(ErrorCode.FAILED, "fetching snapshot " + t.snapshot
                        + " failed here: " + e.getMessage(), e));
            }
        }
    }

    private static void stopped(Transfer t) {
        String done = "after " + t.info().doneBytes() + " of " + t.info().totalBytes() + " bytes";
        if (t.cancelled()) {
            t.end(TransferState.CANCELLED, new PlatformException(ErrorCode.CONFLICT, "the transfer of snapshot " + t.snapshot
                    + " was cancelled " + done + "; what came is kept, a new fetch resumes it"));
        } else {
            t.end(TransferState.FAILED, new PlatformException(ErrorCode.UNAVAILABLE, "the transfer of snapshot " + t.snapshot
                    + " from " + t.from + " stopped " + done + ": " + t.stopReason() + "; what came is kept, a new fetch resumes it"));
        }
    }

    private void fetch(Transfer t, SourceHost source) throws IOException, InterruptedException {
        Listing listing = source.listing(t.snapshot);
        Hypervisor hypervisor = registry.hypervisor(listing.hypervisor()); // UNAVAILABLE before a byte is fetched
        t.total(listing.totalBytes());
        staging.expect(t.snapshot, listing.own());
        checkSpace(t, listing);
        Fetcher fetcher = new Fetcher(source, t);
        SnapshotFile base = listing.base(); // first: a base in the cache shows as reused at once
        Path cached = staging.target(t.snapshot, base);
        ReentrantLock lock = baseLocks.computeIfAbsent(cached.getFileName().toString(), k -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            fetcher.fetch(base, cached);
        } finally {
            lock.unlock();
        }
        for (SnapshotFile f : listing.own()) {
            fetcher.fetch(f, staging.target(t.snapshot, f));
        }
        if (!t.importing()) {
            throw new InterruptedException();
        }
        hypervisor.importSnapshot(t.snapshot, staging.files(t.snapshot), cached);
        staging.discard(t.snapshot);
    }

    /** Refuses, before it starts, a transfer that would fill the disk ({@code INSUFFICIENT_STORAGE}). */
    private void checkSpace(Transfer t, Listing listing) throws IOException {
        long needed = 0;
        for (SnapshotFile f : listing.files()) {
            needed += f.sizeBytes() - Staging.reusable(staging.target(t.snapshot, f), f.sizeBytes());
        }
        long free = Files.getFileStore(staging.root()).getUsableSpace();
        if (needed > free) {
            throw new PlatformException(ErrorCode.INSUFFICIENT_STORAGE, "snapshot " + t.snapshot + " needs " + needed
                    + " more bytes in " + staging.root() + ", which has " + free + " free");
        }
    }
}
