package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmState;

/**
 * Snapshots in SBUML's role: a VM's copy-on-write layer and definition, copied while the guest is
 * frozen right after its page cache was flushed, so the copy is what the guest had written.
 */
final class Snapshots {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final Path dir;
    private final UmlProcesses guests;

    Snapshots(Path dir, UmlProcesses guests) {
        this.dir = dir;
        this.guests = guests;
    }

    SnapshotInfo take(UmlVm vm, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST,
                    "snapshot names are 1-64 lower-case letters, digits or dashes, got " + name);
        }
        Path snap = dir.resolve(name);
        if (Files.exists(snap)) {
            throw new PlatformException(ErrorCode.CONFLICT, "a snapshot named " + name + " exists already");
        }
        if (Files.isDirectory(vm.base)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "VM " + vm.spec.name()
                    + " runs on a hostfs directory, which has no disk layer to snapshot");
        }
        boolean live = vm.state() == VmState.RUNNING || vm.state() == VmState.FROZEN;
        boolean wasFrozen = vm.state() == VmState.FROZEN;
        try {
            Files.createDirectories(snap);
            if (live) {
                if (wasFrozen) {
                    guests.command(vm, "go");
                }
                guests.flush(vm);
                guests.command(vm, "stop");
                guests.awaitDiskQuiet(vm);
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
            SpecFile.write(snap.resolve("snapshot.properties"), vm.spec, Map.of(
                    "vm", vm.spec.name(), "base", vm.base.toString(),
                    "createdAtMillis", Long.toString(System.currentTimeMillis())));
        } catch (IOException | RuntimeException e) {
            UmlHypervisor.deleteTree(snap);
            throw e instanceof PlatformException p ? p
                    : new PlatformException(ErrorCode.FAILED, "snapshot of " + vm.spec.name() + " failed: " + e.getMessage(), e);
        }
        return info(snap);
    }

    List<SnapshotInfo> list() {
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("snapshot.properties")))
                    .map(this::info)
                    .sorted(Comparator.comparing(SnapshotInfo::name))
                    .toList();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot list snapshots: " + e.getMessage(), e);
        }
    }

    void delete(String name) {
        Path snap = dir.resolve(name);
        if (!NAME.matcher(name).matches() || !Files.isDirectory(snap)) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no snapshot named " + name);
        }
        UmlHypervisor.deleteTree(snap);
    }

    private SnapshotInfo info(Path snap) {
        Properties p = UmlHypervisor.read(snap.resolve("snapshot.properties"));
        long size;
        try (Stream<Path> files = Files.list(snap)) {
            size = files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            size = 0;
        }
        return new SnapshotInfo(snap.getFileName().toString(), p.getProperty("vm"), "uml",
                Long.parseLong(p.getProperty("createdAtMillis")), size, SpecFile.spec(p));
    }
}
