package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.mobitopolo.hypervisor.common.GuestRoot;
import org.mobitopolo.hypervisor.common.VmFiles;
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
        try {
            Path root = rootDirectory();
            GuestRoot.populate(root, busybox);
            Path tmp = dir.resolve("busybox.ext4.tmp");
            VmFiles.run("mkfs.ext4", "-q", "-F", "-L", "mobitopolo", "-d", root.toString(), tmp.toString(), IMAGE_SIZE);
            Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Built the default guest image {}", image);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the FIFOs that do not exist yet, with one process for all of them (a VM has three). */
    static void mkfifos(List<Path> fifos) throws IOException {
        List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "600"));
        fifos.stream().filter(f -> !Files.exists(f)).forEach(f -> command.add(f.toString()));
        if (command.size() > 3) {
            VmFiles.run(command.toArray(String[]::new));
        }
    }
}
