package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default guest: a root directory holding a static busybox and Mobitopolo's {@code /init}, and
 * an ext4 image made from it with {@code mkfs.ext4 -d}, which VMs share under copy-on-write layers.
 * Built once, on first use, from the host's {@code busybox-static}.
 */
final class GuestImages {
    private static final Logger LOG = LoggerFactory.getLogger(GuestImages.class);
    static final String IMAGE_SIZE = "64M";

    private final Path dir;
    private final Path busybox;

    GuestImages(Path dir, Path busybox) {
        this.dir = dir;
        this.busybox = busybox;
    }

    /** The busybox root directory (for hostfs). */
    Path rootDirectory() {
        return dir.resolve("busybox-root");
    }

    /** The busybox ext4 image, built now if it is not there yet. */
    synchronized Path defaultImage() {
        Path image = dir.resolve("busybox.ext4");
        if (Files.isRegularFile(image)) {
            return image;
        }
        if (!Files.isExecutable(busybox)) {
            throw new PlatformException(ErrorCode.UNAVAILABLE,
                    busybox + " not found: install busybox-static (scripts/setup.sh) to build the default guest");
        }
        try {
            Path root = rootDirectory();
            for (String d : new String[] {"bin", "proc", "sys", "dev", "run", "tmp", "root", "var/www", "etc"}) {
                Files.createDirectories(root.resolve(d));
            }
            Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
            try (InputStream init = GuestImages.class.getResourceAsStream("init")) {
                Files.copy(init, root.resolve("init"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(root.resolve("init"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(root.resolve("var/www/index.html"), "Mobitopolo guest\n", StandardCharsets.UTF_8);
            Path tmp = dir.resolve("busybox.ext4.tmp");
            run("mkfs.ext4", "-q", "-F", "-L", "mobitopolo", "-d", root.toString(), tmp.toString(), IMAGE_SIZE);
            Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Built the default guest image {}", image);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new PlatformException(ErrorCode.FAILED, String.join(" ", command) + " failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new PlatformException(ErrorCode.FAILED, "interrupted while building the guest image", e);
        }
    }

    static void mkfifo(Path fifo) throws IOException {
        run("mkfifo", "-m", "600", fifo.toString());
    }
}
