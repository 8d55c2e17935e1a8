package org.mobitopolo.hypervisor.qemu.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmState;
import org.mobitopolo.hypervisor.common.SnapshotStore;
import org.mobitopolo.hypervisor.common.VmFiles;

/**
 * Snapshots of QEMU VMs: of a running VM its memory and device state (QEMU's migration stream
 * written to a file) and its disk layer, taken while the guest is paused; of a stopped VM its disk
 * layer. A VM made from a snapshot with memory resumes where the snapshot was taken.
 */
final class QemuSnapshots {
    static final String MEMORY = "memory";
    static final String DISK = "disk.qcow2";
    private static final int QCOW2_MAGIC = 0x514649fb; // "QFI\xfb"

    private QemuSnapshots() {}

    static SnapshotInfo take(SnapshotStore store, QemuVm vm, String name) {
        Path snap = store.create(name);
        boolean live = vm.state() == VmState.RUNNING || vm.state() == VmState.FROZEN;
        boolean wasFrozen = vm.state() == VmState.FROZEN;
        try {
            if (live) {
                if (!wasFrozen) {
                    vm.qmp().execute("stop", null);
                }
                try {
                    saveMemory(vm, snap.resolve(MEMORY));
                    Files.copy(vm.disk(), snap.resolve(DISK)); // QEMU flushed it when the state was saved
                } finally {
                    if (!wasFrozen) {
                        vm.qmp().execute("cont", null);
                    }
                }
            } else {
                Files.copy(vm.disk(), snap.resolve(DISK));
            }
            return store.complete(snap, vm.spec, Map.of("base", vm.base.toString()));
        } catch (IOException | RuntimeException e) {
            VmFiles.deleteTree(snap);
            throw e instanceof PlatformException p ? p
                    : new PlatformException(ErrorCode.FAILED, "snapshot of " + vm.spec.name() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Puts the qcow2 layer of a snapshot fetched from another host on its base image here: the layer
     * names its backing file by the path it had there. A layer without one (a moved VM's disk, whole
     * in itself) stays as it is.
     */
    static void rebase(Path snap, Path base) throws IOException {
        Path layer = snap.resolve(DISK);
        ByteBuffer header = ByteBuffer.wrap(head(layer, 16));
        if (header.getInt(0) != QCOW2_MAGIC) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "the " + DISK + " of snapshot " + snap.getFileName()
                    + " is no qcow2 image");
        }
        if (header.getLong(8) == 0) {
            return;
        }
        String format = ByteBuffer.wrap(head(base, 4)).getInt(0) == QCOW2_MAGIC ? "qcow2" : "raw";
        VmFiles.run("qemu-img", "rebase", "-u", "-b", base.toString(), "-F", format, layer.toString());
    }

    private static byte[] head(Path file, int bytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(bytes);
            return head.length == bytes ? head : new byte[bytes];
        }
    }

    /** Writes the paused VM's memory and device state to {@code file} through QEMU's migration stream. */
    private static void saveMemory(QemuVm vm, Path file) {
        vm.qmp().execute("migrate", Map.of("uri", "exec:cat > " + file));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            var status = vm.qmp().execute("query-migrate", null);
            switch (status.path("status").asText()) {
                case "completed" -> {
                    return;
                }
                case "failed", "cancelled" -> throw new PlatformException(ErrorCode.FAILED, "QEMU could not save the memory of "
                        + vm.spec.name() + ": " + status.path("error-desc").asText("no reason given"));
                default -> {
                    if (System.nanoTime() > deadline) {
                        vm.qmp().execute("migrate_cancel", null);
                        throw new PlatformException(ErrorCode.FAILED, "saving the memory of " + vm.spec.name() + " took over 60 s");
                    }
                    Qmp.sleep(20);
                }
            }
        }
    }
}
