package org.mobitopolo.images.internal;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mobitopolo.api.image.ImageExport;
import org.mobitopolo.api.image.ImageInfo;
import org.mobitopolo.api.image.ImageKind;
import org.mobitopolo.api.image.StoredImage;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.Hypervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's rules, on the real files of the image directories. Images are addressed by a plain
 * name, so that no request can reach a path outside the directories; entries leading out anyway (a
 * host user's symbolic link) are refused like a path escape.
 */
final class ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);
    /** A letter or digit first: no hidden files, no {@code ..}, no separators. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Uploads in progress: hidden names, so they are never listed nor taken for an image. */
    static final String TEMP_PREFIX = ".upload-";
    static final String TEMP_SUFFIX = ".part";
    /** Images being built ({@link ImageBuilds}), hidden the same way until they are moved into place. */
    static final String BUILD_PREFIX = ".build-";
    /** An upload whose file has not grown for this long was cut off by a crash: its leftover goes. */
    private static final Duration STALE = Duration.ofHours(1);
    private static final int BUFFER = 1 << 20;

    /** What an image may be used by: e.g. {@code VM web1}, and the image its definition names. */
    record User(String what, String image) {}

    private record Settings(List<Path> dirs, long maxUploadBytes) {}

    private final Supplier<List<User>> users;
    /** Held while checking a name and moving an upload onto it, so two uploads cannot both take it. */
    private final Object moves = new Object();
    private volatile Settings settings;
    /** SHA-256 of the exported image files by path|size|mtime: a gigabyte is hashed once, not at every fetch. */
    private final Map<String, String> sums = new ConcurrentHashMap<>();

    /** @param users every VM and snapshot with the image it names, asked when an image is to go or be replaced */
    ImageStore(Supplier<List<User>> users) {
        this.users = users;
    }

    /**
     * Takes a configuration: comma-separated directories (created when missing; empty for
     * {@code ${karaf.data}/mobitopolo/images}) and the upload limit. Leftovers of uploads a crash cut
     * off are removed.
     */
    void configure(String imageDirs, long maxUploadBytes) {
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("maxUploadBytes must be at least 1, got " + maxUploadBytes);
        }
        List<String> names = Stream.of(imageDirs.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            names = List.of(Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")),
                    "mobitopolo", "images").toString());
        }
        List<Path> dirs = new ArrayList<>();
        for (String name : names) {
            try {
                Path dir = Files.createDirectories(Path.of(name)).toRealPath();
                if (!dirs.contains(dir)) {
                    dirs.add(dir);
                }
            } catch (IOException | InvalidPathException e) {
                throw new PlatformException(ErrorCode.FAILED, "cannot use image directory " + name + ": " + e.getMessage(), e);
            }
        }
        settings = new Settings(List.copyOf(dirs), maxUploadBytes);
        dirs.forEach(ImageStore::removeStaleUploads);
    }

    List<Path> directories() {
        return settings.dirs();
    }

    long maxUploadBytes() {
        return settings.maxUploadBytes();
    }

    List<ImageInfo> list() {
        Settings s = settings;
        Map<String, ImageInfo> images = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Path dir : s.dirs()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    // the first directory that has a name decides, even when its entry is unusable
                    if (NAME.matcher(name).matches() && seen.add(name)) {
                        describe(entry, s).ifPresent(i -> images.put(name, i));
                    }
                }
            } catch (IOException e) {
                throw new PlatformException(ErrorCode.FAILED, "cannot list image directory " + dir + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(images.values());
    }

    ImageInfo info(String name) {
        Settings s = settings;
        Path entry = existing(name, s);
        return describe(entry, s).orElseThrow(() -> unusable(name, entry, s));
    }

    ImageExport export(String name) {
        Settings s = settings;
        Path entry = existing(name, s);
        ImageInfo info = describe(entry, s).orElseThrow(() -> unusable(name, entry, s));
        if (info.kind() != ImageKind.FILE) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "image " + name + " is a directory (a hostfs root); "
                    + "other hosts fetch image files only");
        }
        Path file = realPath(entry);
        String key = file + "|" + info.sizeBytes() + "|" + info.modifiedMillis();
        String sum = sums.get(key);
        if (sum == null) {
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest digest = sha256();
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                sum = HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new PlatformException(ErrorCode.FAILED, "image " + name + " could not be read: " + e.getMessage(), e);
            }
            sums.keySet().removeIf(k -> k.startsWith(file + "|")); // an older version's
            sums.put(key, sum);
        }
        return new ImageExport(name, file, info.sizeBytes(), sum, info.modifiedMillis());
    }

    StoredImage store(String name, InputStream content, long declaredLength, boolean replace) {
        Settings s = settings;
        checkName(name);
        if (declaredLength > s.maxUploadBytes()) {
            throw tooLarge(name, declaredLength + " bytes", s);
        }
        if (declaredLength == 0) {
            throw empty(name);
        }
        // an image is replaced where it is, so that the one a VM would find is the new one
        Optional<Path> before = find(name, s);
        Path dir = before.map(Path::getParent).orElse(s.dirs().get(0));
        Path target = dir.resolve(name);
        if (before.isPresent()) {
            checkReplaceable(name, target, replace, s);
        }
        if (declaredLength > 0) {
            long free = usableSpace(dir);
            if (declaredLength > free) {
                throw new PlatformException(ErrorCode.INSUFFICIENT_STORAGE, "image " + name + " is " + declaredLength
                        + " bytes; " + dir + " has only " + free + " bytes free");
            }
        }
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
        boolean moved = false;
        try {
            Written written = write(name, content, declaredLength, temp, s);
            boolean replaced;
            synchronized (moves) {
                replaced = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                if (replaced) {
                    checkReplaceable(name, target, replace, s); // again: it may have changed while the body came
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            }
            LOG.info("Stored image {} in {}: {} bytes, SHA-256 {}{}", name, dir, written.bytes(), written.sha256(),
                    replaced ? ", replacing the one before" : "");
            return new StoredImage(name, written.bytes(), written.sha256(),
                    Files.getLastModifiedTime(target).toMillis(), dir.toString(), replaced);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot store image " + name + " in " + dir + ": " + e.getMessage(), e);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /** Where a build writes its image until {@link #adopt}: a hidden file in the first image directory. */
    Path buildFile(String id) {
        return settings.dirs().get(0).resolve(BUILD_PREFIX + id + TEMP_SUFFIX);
    }

    /** The file (or directory) an image's name leads to in the first directory that has it, not following a link. */
    Optional<Path> entry(String name) {
        return find(name, settings);
    }

    /**
     * Moves a hidden file made in an image directory ({@link #buildFile}, or a link beside an image)
     * into place as image {@code name}, in one step; the file goes when the name is taken meanwhile.
     *
     * @throws PlatformException {@code CONFLICT} when an image of that name exists
     */
    ImageInfo adopt(String name, Path temp) {
        Settings s = settings;
        checkName(name);
        Path target = temp.getParent().resolve(name);
        boolean moved = false;
        try {
            synchronized (moves) {
                Optional<Path> taken = find(name, s);
                if (taken.isPresent()) {
                    throw new PlatformException(ErrorCode.CONFLICT, "an image named " + name + " exists already in "
                            + taken.get().getParent() + "; delete it first, or build under another name");
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            }
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot move image " + name + " into " + target.getParent() + ": "
                    + e.getMessage(), e);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
        LOG.info("Stored built image {} in {}", name, target.getParent());
        return info(name);
    }

    void delete(String name) {
        Settings s = settings;
        Path entry = existing(name, s);
        Path real = describe(entry, s).map(i -> realPath(entry)).orElseThrow(() -> unusable(name, entry, s));
        // a symbolic link goes alone: what VMs use is the file it points to, which stays
        if (!Files.isSymbolicLink(entry)) {
            checkUnused(name, real, s, "deleted");
        }
        try {
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                Trees.delete(entry);
            } else {
                Files.delete(entry);
            }
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot delete image " + name + ": " + e.getMessage(), e);
        }
        LOG.info("Deleted image {} from {}", name, entry.getParent());
    }

    private record Written(long bytes, String sha256) {}

    /** Copies the body to {@code temp}, counting and hashing; the file is on disk (fsync) when this returns. */
    private static Written write(String name, InputStream content, long declaredLength, Path temp, Settings s)
            throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[BUFFER];
        long count = 0;
        try (FileChannel out = FileChannel.open(temp, CREATE_NEW, WRITE)) {
            while (true) {
                int n;
                try {
                    n = content.read(buffer);
                } catch (IOException e) {
                    // the sender went away, or its connection broke
                    throw new PlatformException(ErrorCode.BAD_REQUEST, "the upload of image " + name + " broke off after "
                            + count + " bytes: " + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                count += n;
                if (count > s.maxUploadBytes()) {
                    throw tooLarge(name, "more than " + s.maxUploadBytes() + " bytes", s);
                }
                sha256.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                try {
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    throw writeFailed(name, temp.getParent(), e);
                }
            }
            if (count == 0) {
                throw empty(name);
            }
            if (declaredLength >= 0 && count != declaredLength) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "the upload of image " + name + " ended after " + count
                        + " of the " + declaredLength + " bytes announced");
            }
            try {
                out.force(true);
            } catch (IOException e) {
                throw writeFailed(name, temp.getParent(), e);
            }
        }
        return new Written(count, HexFormat.of().formatHex(sha256.digest()));
    }

    private static PlatformException writeFailed(String name, Path dir, IOException e) {
        String why = String.valueOf(e.getMessage());
        if (why.contains("No space left") || why.contains("quota") || usableSpace(dir) < BUFFER) {
            return new PlatformException(ErrorCode.INSUFFICIENT_STORAGE, "no room left in " + dir + " for image " + name, e);
        }
        return new PlatformException(ErrorCode.FAILED, "cannot write image " + name + " to " + dir + ": " + why, e);
    }

    /** Whether an image of that name may be replaced, where it is now at {@code target}. */
    private void checkReplaceable(String name, Path target, boolean replace, Settings s) {
        ImageInfo info = describe(target, s).orElseThrow(() -> unusable(name, target, s));
        if (info.kind() == ImageKind.DIRECTORY) {
            throw new PlatformException(ErrorCode.CONFLICT, "image " + name + " is a directory; delete it before uploading a file of that name");
        }
        if (!replace) {
            throw new PlatformException(ErrorCode.CONFLICT, "an image named " + name + " exists already in "
                    + target.getParent() + "; upload with ?replace=true to replace it");
        }
        if (!Files.isSymbolicLink(target)) { // replacing a link leaves the file it points to as it is
            checkUnused(name, realPath(target), s, "replaced");
        }
    }

    private void checkUnused(String name, Path real, Settings s, String what) {
        List<String> using = new ArrayList<>();
        for (User u : users.get()) {
            resolveQuietly(u.image(), s).filter(p -> p.startsWith(real)).ifPresent(p -> using.add(u.what()));
        }
        if (!using.isEmpty()) {
            throw new PlatformException(ErrorCode.CONFLICT, "image " + name + " cannot be " + what + ": "
                    + String.join(", ", using) + (using.size() == 1 ? " is" : " are") + " made from it; destroy "
                    + (using.size() == 1 ? "it" : "them") + " first");
        }
    }

    /** The file a VM's {@code image} leads to, as the hypervisors look it up; empty when it leads nowhere. */
    private static Optional<Path> resolveQuietly(String image, Settings s) {
        if (image.isEmpty() || image.startsWith(Hypervisor.SNAPSHOT_IMAGE)) {
            return Optional.empty(); // the default guest, or a snapshot's disk: neither is in the library
        }
        try {
            Path asked = Path.of(image);
            List<Path> candidates = asked.isAbsolute() ? List.of(asked) : s.dirs().stream().map(d -> d.resolve(asked)).toList();
            for (Path candidate : candidates) {
                if (Files.exists(candidate)) {
                    return Optional.of(candidate.toRealPath());
                }
            }
        } catch (IOException | InvalidPathException e) {
            LOG.debug("Image {} leads nowhere: {}", image, e.getMessage());
        }
        return Optional.empty();
    }

    /** The entry of a name in the first directory that has one, not following a symbolic link. */
    private static Optional<Path> find(String name, Settings s) {
        checkName(name);
        return s.dirs().stream().map(d -> d.resolve(name)).filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS)).findFirst();
    }

    private static Path existing(String name, Settings s) {
        return find(name, s).orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND,
                "no image named " + name + " in the image directories " + s.dirs()));
    }

    /** What an entry is, when it is a file or a directory inside the image directories. */
    private static Optional<ImageInfo> describe(Path entry, Settings s) {
        Path real;
        try {
            real = entry.toRealPath();
        } catch (IOException e) {
            return Optional.empty(); // a link to nothing
        }
        if (s.dirs().stream().noneMatch(d -> real.startsWith(d) && !real.equals(d))) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            if (!a.isRegularFile() && !a.isDirectory()) {
                return Optional.empty();
            }
            return Optional.of(new ImageInfo(entry.getFileName().toString(), a.isDirectory() ? ImageKind.DIRECTORY : ImageKind.FILE,
                    a.isDirectory() ? Trees.size(real) : a.size(), a.lastModifiedTime().toMillis(), entry.getParent().toString()));
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile
        }
    }

    private static PlatformException unusable(String name, Path entry, Settings s) {
        return new PlatformException(ErrorCode.BAD_REQUEST, "image " + name + " in " + entry.getParent()
                + " leads outside the image directories " + s.dirs() + ", or to nothing; only the host can fix it");
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "an image name is a letter or digit followed by up to 127 "
                    + "letters, digits, dots, dashes or underscores, got " + (name == null ? "nothing" : "\"" + name + "\""));
        }
    }

    private static PlatformException tooLarge(String name, String size, Settings s) {
        return new PlatformException(ErrorCode.PAYLOAD_TOO_LARGE, "image " + name + " is " + size + "; uploads may be at most "
                + s.maxUploadBytes() + " bytes (maxUploadBytes of org.mobitopolo.images)");
    }

    private static PlatformException empty(String name) {
        return new PlatformException(ErrorCode.BAD_REQUEST, "image " + name + " is empty: the request has no body");
    }

    private static Path realPath(Path entry) {
        try {
            return entry.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: the write itself will tell
        }
    }

    private static void removeStaleUploads(Path dir) {
        FileTime before = FileTime.from(Instant.now().minus(STALE));
        String glob = "{" + TEMP_PREFIX + "," + BUILD_PREFIX + "}*" + TEMP_SUFFIX;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, glob)) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
                    LOG.info("Removing {}, left by an upload or a build cut off", temp);
                    deleteQuietly(temp);
                }
            }
        } catch (NoSuchFileException e) {
            // nothing to clean
        } catch (IOException e) {
            LOG.warn("Cannot look for uploads cut off in {}: {}", dir, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot remove {}: {}", file, e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
