package org.mobitopolo.hypervisor.qemu.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.hypervisor.common.GuestRoot;
import org.mobitopolo.hypervisor.common.VmFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default QEMU guest: Debian's cloud kernel (extracted by {@code scripts/setup.sh}) booting a
 * busybox initramfs with the Mobitopolo init and the virtio modules that kernel lacks, plus an empty
 * ext4 data disk that VMs share under qcow2 layers. Built once, on first use.
 */
final class QemuGuest {
    private static final Logger LOG = LoggerFactory.getLogger(QemuGuest.class);
    /** The virtio modules in the order they depend on each other (measured, DESIGN.md). */
    static final List<String> MODULES = List.of("virtio_ring", "virtio", "virtio_pci_modern_dev",
            "virtio_pci_legacy_dev", "virtio_pci", "failover", "net_failover", "virtio_net", "virtio_blk");

    private final Path dir;
    private final Path kernel;
    private final Path modules;
    private final Path busybox;

    QemuGuest(Path dir, Path kernel, Path modules, Path busybox) {
        this.dir = dir;
        this.kernel = kernel;
        this.modules = modules;
        this.busybox = busybox;
    }

    Path kernel() {
        if (!Files.isReadable(kernel)) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "guest kernel " + kernel
                    + " not found: scripts/setup.sh extracts Debian's cloud kernel there");
        }
        return kernel;
    }

    /**
     * The initramfs, built now if it is not there yet: in a directory of its own and moved into
     * place whole, so a plugin instance still starting (its probe) never builds over another's.
     */
    synchronized Path initramfs() {
        Path image = dir.resolve("initramfs.cpio");
        if (Files.isRegularFile(image)) {
            return image;
        }
        String build = UUID.randomUUID().toString().substring(0, 8);
        Path root = dir.resolve("initramfs-root-" + build);
        try {
            GuestRoot.populate(root, busybox);
            Path lib = Files.createDirectories(root.resolve("lib/modules"));
            for (String m : MODULES) {
                Path ko = modules.resolve(m + ".ko");
                if (!Files.isReadable(ko)) {
                    throw new PlatformException(ErrorCode.UNAVAILABLE, "guest kernel module " + ko
                            + " not found: scripts/setup.sh extracts it with the kernel");
                }
                Files.copy(ko, lib.resolve(m + ".ko"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(lib.resolve("order"), MODULES);
            Path tmp = dir.resolve("initramfs.cpio." + build);
            Cpio.write(root, tmp);
            Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Built the default QEMU guest initramfs {}", image);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            VmFiles.deleteTree(root);
        }
    }

    /** The empty ext4 disk the default guest mounts on /data, built now if it is not there yet. */
    synchronized Path dataDisk() {
        Path image = dir.resolve("data.ext4");
        if (!Files.isRegularFile(image)) {
            try {
                Files.createDirectories(dir);
                Path tmp = dir.resolve("data.ext4." + UUID.randomUUID().toString().substring(0, 8));
                VmFiles.run("mkfs.ext4", "-q", "-F", "-L", "data", tmp.toString(), "64M");
                Files.move(tmp, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return image;
    }
}
