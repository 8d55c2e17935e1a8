package org.mobitopolo.images.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * What makes a Debian root a Mobitopolo guest: Mobitopolo's {@code /init} (the default guests' own,
 * which knows a built root by {@value #MARKER}), the image's metadata there, and a neutral host
 * identity instead of the build host's (mmdebstrap copies its {@code /etc/hostname} and
 * {@code /etc/resolv.conf}).
 */
final class GuestConventions {
    /** The ext4 volume label of built images. */
    static final String LABEL = "mobi-image";
    /** Inside the image: what it was built from. Its presence tells the {@code /init} it runs on a built root. */
    static final String MARKER = "etc/mobitopolo/image";

    private GuestConventions() {}

    static void write(Path root, BuildRecipe recipe, byte[] init) throws IOException {
        Path initFile = root.resolve("init");
        Files.write(initFile, init);
        Files.setPosixFilePermissions(initFile, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve(MARKER).getParent());
        Files.writeString(root.resolve(MARKER), "# Built by Mobitopolo (mobi:image-build) from Debian packages\n"
                + "suite=" + recipe.suite() + "\npackages=" + String.join(",", recipe.packages())
                + "\nincludes=" + String.join(",", recipe.includes()) + "\nkey=" + recipe.key()
                + "\nbuilt=" + Instant.now() + "\n", StandardCharsets.UTF_8);
        Files.writeString(root.resolve("etc/hostname"), "guest\n", StandardCharsets.UTF_8);
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n",
                StandardCharsets.UTF_8);
        Files.deleteIfExists(root.resolve("etc/resolv.conf")); // a link on some hosts: replaced, not written through
        Files.writeString(root.resolve("etc/resolv.conf"), "", StandardCharsets.UTF_8);
        for (String d : new String[] {"data", "var/www", "root", "tmp"}) {
            Files.createDirectories(root.resolve(d));
        }
        Path page = root.resolve("var/www/index.html");
        if (!Files.exists(page)) {
            Files.writeString(page, "Mobitopolo guest\n", StandardCharsets.UTF_8);
        }
    }
}
