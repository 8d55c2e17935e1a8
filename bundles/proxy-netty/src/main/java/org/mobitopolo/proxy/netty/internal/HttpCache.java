package org.mobitopolo.proxy.netty.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responses by URI, least recently used first out: bodies in memory up to one budget; what memory evicts
 * (or what is too big for it) goes to files in a directory up to a second budget. The directory is this
 * cache's alone and emptied when the cache is made, since the index lives in memory.
 */
final class HttpCache {
    private static final Logger LOG = LoggerFactory.getLogger(HttpCache.class);
    /** Disk entries are read and written on the event loop: bounded, that stays a short pause. */
    static final long MAX_OBJECT = 16L << 20;

    /** A stored response and its body (read back from disk when it lives there). */
    record Hit(CachedResponse response, byte[] body) {}

    private record Entry(CachedResponse response, byte[] body, Path file, long size) {}

    private final long memoryBudget;
    private final long diskBudget;
    private final long maxObject;
    private final Path dir;
    private final LinkedHashMap<String, Entry> memory = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<String, Entry> disk = new LinkedHashMap<>(64, 0.75f, true);
    private long memoryUsed;
    private long diskUsed;

    HttpCache(long memoryBudget, long diskBudget, Path dir) {
        this.memoryBudget = memoryBudget;
        this.diskBudget = dir == null ? 0 : diskBudget;
        this.maxObject = Math.min(MAX_OBJECT, Math.max(memoryBudget, this.diskBudget) / 4);
        this.dir = dir;
        if (this.diskBudget > 0) {
            try {
                Files.createDirectories(dir);
                try (Stream<Path> old = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) old::iterator) {
                        Files.delete(p);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot use " + dir + " for the disk cache: " + e.getMessage(), e);
            }
        }
    }

    /** The largest body worth collecting for the cache. */
    long maxObjectBytes() {
        return maxObject;
    }

    synchronized Hit get(String key) {
        Entry e = memory.get(key);
        if (e != null) {
            return new Hit(e.response(), e.body());
        }
        e = disk.get(key);
        if (e == null) {
            return null;
        }
        try {
            return new Hit(e.response(), Files.readAllBytes(e.file()));
        } catch (IOException failed) {
            LOG.warn("Disk cache file {} unreadable, dropping it: {}", e.file(), failed.getMessage());
            dropDisk(key);
            return null;
        }
    }

    synchronized void put(String key, CachedResponse response, byte[] body) {
        invalidate(key);
        long size = body.length + response.sizeEstimate();
        if (body.length > maxObject) {
            return;
        }
        if (size <= memoryBudget) {
            memory.put(key, new Entry(response, body, null, size));
            memoryUsed += size;
            evictMemory();
        } else {
            toDisk(key, response, body, size);
        }
    }

    /** Keeps the body, takes the revalidated headers and freshness. */
    synchronized void refresh(String key, CachedResponse response) {
        Entry e = memory.get(key);
        if (e != null) {
            memory.put(key, new Entry(response, e.body(), null, e.size()));
            return;
        }
        e = disk.get(key);
        if (e != null) {
            disk.put(key, new Entry(response, null, e.file(), e.size()));
        }
    }

    synchronized void invalidate(String key) {
        Entry e = memory.remove(key);
        if (e != null) {
            memoryUsed -= e.size();
        }
        dropDisk(key);
    }

    synchronized long bytes() {
        return memoryUsed + diskUsed;
    }

    synchronized int entries() {
        return memory.size() + disk.size();
    }

    private void evictMemory() {
        Iterator<Map.Entry<String, Entry>> it = memory.entrySet().iterator();
        while (memoryUsed > memoryBudget && it.hasNext()) {
            Map.Entry<String, Entry> oldest = it.next();
            it.remove();
            memoryUsed -= oldest.getValue().size();
            toDisk(oldest.getKey(), oldest.getValue().response(), oldest.getValue().body(), oldest.getValue().size());
        }
    }

    private void toDisk(String key, CachedResponse response, byte[] body, long size) {
        if (size > diskBudget) {
            return;
        }
        Path file = dir.resolve(fileName(key));
        try {
            Files.write(file, body);
        } catch (IOException e) {
            LOG.warn("Cannot write {} to the disk cache: {}", file, e.getMessage());
            return;
        }
        disk.put(key, new Entry(response, null, file, size));
        diskUsed += size;
        Iterator<Map.Entry<String, Entry>> it = disk.entrySet().iterator();
        while (diskUsed > diskBudget && it.hasNext()) {
            Map.Entry<String, Entry> oldest = it.next();
            it.remove();
            diskUsed -= oldest.getValue().size();
            deleteQuietly(oldest.getValue().file());
        }
    }

    private void dropDisk(String key) {
        Entry e = disk.remove(key);
        if (e != null) {
            diskUsed -= e.size();
            deleteQuietly(e.file());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {} from the disk cache: {}", file, e.getMessage());
        }
    }

    private static String fileName(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
