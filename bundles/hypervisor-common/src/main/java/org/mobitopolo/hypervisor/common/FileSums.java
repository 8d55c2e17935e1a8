package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import org.mobitopolo.api.vm.SnapshotFile;

/**
 * The SHA-256 sums of a snapshot's files, kept in a properties file beside them: a file's sum is
 * computed once and used again while the file has the path, size and modification time it had then
 * (hashing a base image of gigabytes at every listing would make each fetch wait for it).
 */
final class FileSums {
    private final Path store;
    private final Properties sums = new Properties();
    private boolean changed;

    FileSums(Path store) throws IOException {
        this.store = store;
        try (Reader r = Files.newBufferedReader(store)) {
            sums.load(r);
        } catch (NoSuchFileException e) {
            // nothing computed yet
        }
    }

    /** {@code path} as the listing entry {@code name}, its sum from the store or computed now. */
    SnapshotFile file(String name, Path path) throws IOException {
        long size = Files.size(path);
        long modified = Files.getLastModifiedTime(path).toMillis();
        String key = path.toAbsolutePath() + "|" + size + "|" + modified;
        String sha256 = key.equals(sums.getProperty(name + ".key")) ? sums.getProperty(name + ".sha256") : null;
        if (sha256 == null) {
            sha256 = sha256(path);
            sums.setProperty(name + ".key", key);
            sums.setProperty(name + ".sha256", sha256);
            changed = true;
        }
        return new SnapshotFile(name, size, sha256, modified);
    }

    /** Writes what was computed since the store was read, whole or not at all. */
    void save() throws IOException {
        if (!changed) {
            return;
        }
        Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            sums.store(w, "SHA-256 of the files, by path|size|mtime");
        }
        Files.move(tmp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        changed = false;
    }

    /** The SHA-256 of a file's content, lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
