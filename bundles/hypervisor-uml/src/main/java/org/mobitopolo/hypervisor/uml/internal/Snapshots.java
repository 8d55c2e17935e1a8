package org.mobitopolo.hypervisor.uml.internal;

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
 * Snapshots in SBUML's role: a VM's copy-on-write layer and definition, copied while the guest is
 * frozen right after its page cache was flushed ({@link UmlProcesses#pause}), so the copy is what the
 * guest had written.
 */
final class Snapshots {
    private final SnapshotStore store;
    private final UmlProcesses guests;

    Snapshots(SnapshotStore store, UmlProcesses guests) {
        this.store = store;
        this.guests = guests;
    }

    SnapshotInfo take(UmlVm vm, String name) {
        if (Files.isDirectory(vm.base)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "VM " + vm.spec.name()
                    + " runs on a hostfs directory, which has no disk layer to snapshot");
        }
        Path snap = store.create(name);
        boolean live = vm.state() == VmState.RUNNING || vm.state() == VmState.FROZEN;
        boolean wasFrozen = vm.state() == VmState.FROZEN;
        try {
            if (live && !wasFrozen) {
                guests.pause(vm); // a frozen guest was flushed when it froze: copied as it is, a consistent cut
            }
            try {
                if (Files.exists(vm.cow())) {
                    Files.copy(vm.cow(), snap.resolve("disk.cow"));
                }
            } finally {
                if (live && !wasFrozen) {
                    guests.command(vm, "go");
                }
            }
            return store.complete(snap, vm.spec, Map.of("base", vm.base.toString()));
        } catch (IOException | RuntimeException e) {
            VmFiles.deleteTree(snap);
            throw e instanceof PlatformException p ? p
                    : new PlatformException(ErrorCode.FAILED, "snapshot of " + vm.spec.name() + " failed: " + e.getMessage(), e);
        }
    }
}
