package org.mobitopolo.transfer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.Hypervisor;
import org.mobitopolo.api.vm.SnapshotFile;
import org.mobitopolo.api.vm.VmRegistry;

/**
 * A snapshot's fetch: its listing, its base image (into the cache, once for every snapshot on it),
 * its own files, then the import into the hypervisor of its kind.
 */
final class SnapshotFetch implements Attempt.Work {
    /** One lock per cached base image: two snapshots on one base fetch it once, one after the other. */
    private final Map<String, ReentrantLock> baseLocks = new ConcurrentHashMap<>();
    private final VmRegistry registry;
    private final Staging staging;

    SnapshotFetch(VmRegistry registry, Staging staging) {
        this.registry = registry;
        this.staging = staging;
    }

    @Override
    public void fetch(Transfer t, SourceHost source) throws IOException, InterruptedException {
        Listing listing = source.listing(t.name);
        Hypervisor hypervisor = registry.hypervisor(listing.hypervisor()); // UNAVAILABLE before a byte is fetched
        t.total(listing.totalBytes());
        staging.expect(t.name, listing.own());
        checkSpace(t, listing);
        Fetcher fetcher = new Fetcher(source, t);
        SnapshotFile base = listing.base(); // first: a base in the cache shows as reused at once
        Path cached = staging.target(t.name, base);
        ReentrantLock lock = baseLocks.computeIfAbsent(cached.getFileName().toString(), k -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            fetcher.fetch(base, cached);
        } finally {
            lock.unlock();
        }
        for (SnapshotFile f : listing.own()) {
            fetcher.fetch(f, staging.target(t.name, f));
        }
        if (!t.importing()) {
            throw new InterruptedException();
        }
        hypervisor.importSnapshot(t.name, staging.files(t.name), cached);
        staging.discard(t.name);
    }

    /** Refuses, before it starts, a transfer that would fill the disk ({@code INSUFFICIENT_STORAGE}). */
    private void checkSpace(Transfer t, Listing listing) throws IOException {
        long needed = 0;
        for (SnapshotFile f : listing.files()) {
            needed += f.sizeBytes() - Staging.reusable(staging.target(t.name, f), f.sizeBytes());
        }
        long free = Files.getFileStore(staging.root()).getUsableSpace();
        if (needed > free) {
            throw new PlatformException(ErrorCode.INSUFFICIENT_STORAGE, t.what() + " needs " + needed
                    + " more bytes in " + staging.root() + ", which has " + free + " free");
        }
    }
}
