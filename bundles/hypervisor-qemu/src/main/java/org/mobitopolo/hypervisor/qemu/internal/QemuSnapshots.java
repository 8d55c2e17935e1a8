package org.mobitopolo.hypervisor.qemu.internal;

import java.io.IOException;
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
