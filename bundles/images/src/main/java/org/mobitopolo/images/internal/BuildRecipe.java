package org.mobitopolo.images.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * What an image build is made of, checked before anything runs: the packages a request names, the
 * size it asks for, and the cache key that tells two builds of the same image apart from others.
 *
 * @param suite the Debian suite, e.g. {@code bookworm}
 * @param packages the packages asked for, sorted, each once
 * @param key SHA-256 (hex) of the suite, the packages and the guest conventions (the {@code /init}'s bytes)
 */
record BuildRecipe(String suite, List<String> packages, String key) {
    /** Debian's package names (Policy 5.6.1), lower case as apt takes them; no apt patterns ({@code ?}, {@code ~}). */
    static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]{1,99}");
    static final Pattern SUITE = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    static final int MAX_PACKAGES = 64;
    static final int MIN_SIZE_MB = 64;
    static final int MAX_SIZE_MB = 65_536;
    /** Always installed besides those asked for: the shell and applets the {@code /init} runs on. */
    static final List<String> BASE = List.of("busybox");
    /** Bumped when what a build writes besides the packages changes in a way the {@code /init}'s bytes do not show. */
    private static final String FORMAT = "mobitopolo-image/1";
    private static final long MIB = 1 << 20;

    BuildRecipe {
        packages = List.copyOf(packages);
    }

    /**
     * The recipe of a request: its packages checked, sorted and made unique.
     *
     * @param init the {@code /init} the image will carry: a new one makes a new image
     * @throws PlatformException {@code BAD_REQUEST} naming the first bad package, or the count
     */
    static BuildRecipe of(String suite, List<String> asked, byte[] init) {
        if (suite == null || !SUITE.matcher(suite).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "a Debian suite is a lower-case word such as bookworm, got \"" + suite + "\"");
        }
        if (asked == null || asked.isEmpty()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "name at least one Debian package to build an image from, e.g. squid");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String p : asked) {
            String name = p == null ? "" : p.strip();
            if (!PACKAGE.matcher(name).matches()) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "a Debian package name is 2 to 100 of a-z, 0-9, '+', '.' "
                        + "and '-', starting with a letter or digit, got \"" + p + "\"");
            }
            sorted.add(name);
        }
        if (sorted.size() > MAX_PACKAGES) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "an image is built from at most " + MAX_PACKAGES
                    + " packages (their dependencies come along), got " + sorted.size());
        }
        List<String> packages = List.copyOf(sorted);
        return new BuildRecipe(suite, packages, key(suite, packages, init));
    }

    /** What mmdebstrap installs: ours first, then those asked for. */
    List<String> includes() {
        TreeSet<String> all = new TreeSet<>(packages);
        all.removeAll(BASE);
        return Stream.concat(BASE.stream(), all.stream()).toList();
    }

    /** The key's first 128 bits as a UUID: the ext4 file system's, so the image itself says what it was built from. */
    UUID uuid() {
        return uuid(key);
    }

    static UUID uuid(String key) {
        return new UUID(HexFormat.fromHexDigitsToLong(key, 0, 16), HexFormat.fromHexDigitsToLong(key, 16, 32));
    }

    private static String key(String suite, List<String> packages, byte[] init) {
        MessageDigest sha256 = sha256();
        sha256.update((FORMAT + "\nsuite=" + suite + "\npackages=" + String.join(",", packages) + "\ninit=").getBytes(StandardCharsets.UTF_8));
        sha256.update(Objects.requireNonNull(init));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * Checks a requested size: 0 (chosen from the root's files) or {@value #MIN_SIZE_MB} to {@value #MAX_SIZE_MB} MiB.
     */
    static void checkSize(int sizeMb) {
        if (sizeMb != 0 && (sizeMb < MIN_SIZE_MB || sizeMb > MAX_SIZE_MB)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "an image's size is " + MIN_SIZE_MB + " to " + MAX_SIZE_MB
                    + " MiB (or 0 for its files plus room to spare), got " + sizeMb);
        }
    }

    /**
     * The size of the image, in MiB: the one asked for, or the root's files with 30% and 160 MiB to
     * spare (ext4's own tables and journal, logs, a proxy's cache), in steps of 64 MiB. The file is
     * sparse: what is never written takes no disk.
     *
     * @throws PlatformException {@code BAD_REQUEST} when the size asked for cannot hold the files
     */
    static long sizeMb(int asked, long treeBytes) {
        long needed = (treeBytes + treeBytes / 10) / MIB + 32;
        if (asked != 0) {
            if (asked < needed) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "the image's files take " + treeBytes / MIB
                        + " MiB; a size of " + asked + " MiB cannot hold them: give at least " + needed + " MiB, or 0 to have it chosen");
            }
            return asked;
        }
        long auto = (treeBytes + treeBytes * 3 / 10) / MIB + 160;
        return Math.max(MIN_SIZE_MB, (auto + 63) / 64 * 64);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
