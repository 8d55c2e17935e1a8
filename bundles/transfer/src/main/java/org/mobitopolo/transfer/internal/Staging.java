package org.mobitopolo.transfer.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mobitopolo.api.vm.SnapshotFile;

/**
 * Where fetched files wait until their snapshot is imported: {@code incoming/NAME/files/FILE.part}
 * while it arrives, {@code incoming/NAME/files/FILE} once its checksum matched; base images in
 * {@code bases/SHA256-MTIME}, kept for every later snapshot on the same base (and named by their time
 * too: UML takes a base only with the time its layer recorded). {@code incoming/NAME/expected.properties}
 * remembers the sums
 * the partial files were fetched for, so that a resume never continues a file the source has changed since.
 */
final class Staging {
    private static final String EXPECTED = "expected.properties";

    private final Path root;

    Staging(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root.resolve("bases"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    /** The directory of a snapshot's own files, handed to the hypervisor's import once all are here. */
    Path files(String snapshot) {
        return dir(snapshot).resolve("files");
    }

    private Path dir(String snapshot) {
        return root.resolve("incoming").resolve(snapshot);
    }

    /** Where a file of the listing goes once verified: a base image into the cache, others beside their snapshot's. */
    Path target(String snapshot, SnapshotFile file) {
        return SnapshotFile.BASE.equals(file.name()) ? root.resolve("bases").resolve(file.sha256() + "-" + file.modifiedMillis())
                : files(snapshot).resolve(file.name());
    }

    static Path part(Path target) {
        return target.resolveSibling(target.getFileName() + Names.PART);
    }

    /**
     * How much of a file is here already and need not be fetched: its size when it is whole, the length of
     * its partial copy otherwise (none when that is longer than the file: not a copy of it).
     */
    static long reusable(Path target, long size) throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return size;
        }
        Path part = part(target);
        if (!Files.isRegularFile(part)) {
            return 0;
        }
        long have = Files.size(part);
        if (have > size) {
            Files.delete(part);
            return 0;
        }
        return have;
    }

    /**
     * Readies the staging of a snapshot for {@code files}: the copies of a file the source listed with
     * another sum before are dropped, as are files the listing no longer names.
     */
    void expect(String snapshot, List<SnapshotFile> files) throws IOException {
        Path dir = files(snapshot);
        Files.createDirectories(dir);
        Path store = dir(snapshot).resolve(EXPECTED);
        Properties before = new Properties();
        try (Reader r = Files.newBufferedReader(store)) {
            before.load(r);
        } catch (NoSuchFileException e) {
            // a first attempt
        }
        Properties now = new Properties();
        files.forEach(f -> now.setProperty(f.name(), f.sha256()));
        try (Stream<Path> staged = Files.list(dir)) {
            for (Path f : staged.toList()) {
                String name = f.getFileName().toString();
                String file = name.endsWith(Names.PART) ? name.substring(0, name.length() - Names.PART.length()) : name;
                String sum = now.getProperty(file);
                if (sum == null || !sum.equals(before.getProperty(file))) {
                    Files.delete(f);
                }
            }
        }
        Path tmp = store.resolveSibling(EXPECTED + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            now.store(w, "SHA-256 of the files being fetched");
        }
        Files.move(tmp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Where an image arrives: {@code images/NAME.SHA256}, so that a partial copy is continued only for
     * the same content; the copies of other versions of that image are dropped.
     */
    Path image(String name, String sha256) throws IOException {
        Path dir = root.resolve("images");
        Files.createDirectories(dir);
        Path target = dir.resolve(name + "." + sha256);
        Pattern versions = Pattern.compile(Pattern.quote(name) + "\\.[0-9a-f]{64}(" + Pattern.quote(Names.PART) + ")?");
        try (Stream<Path> staged = Files.list(dir)) {
            for (Path f : staged.toList()) {
                String file = f.getFileName().toString();
                if (versions.matcher(file).matches() && !file.startsWith(target.getFileName().toString())) {
                    Files.delete(f);
                }
            }
        }
        return target;
    }

    /** Forgets a snapshot's staging once it is imported. */
    void discard(String snapshot) throws IOException {
        Path dir = dir(snapshot);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
