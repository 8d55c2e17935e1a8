package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmSpec;

/**
 * A hypervisor's snapshots: a directory each, holding what the hypervisor copied and a
 * {@code snapshot.properties} with the VM's definition; a snapshot without that file is unfinished
 * and not listed.
 */
public final class SnapshotStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final String FACTS = "snapshot.properties";

    private final Path dir;
    private final String hypervisor;

    public SnapshotStore(Path dir, String hypervisor) {
        this.dir = dir;
        this.hypervisor = hypervisor;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Makes the directory of a new snapshot; fails on a bad or taken name. */
    public Path create(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST,
                    "snapshot names are 1-64 lower-case letters, digits or dashes, got " + name);
        }
        Path snap = dir.resolve(name);
        if (Files.exists(snap)) {
            throw new PlatformException(ErrorCode.CONFLICT, "a snapshot named " + name + " exists already");
        }
        try {
            Files.createDirectories(snap);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot create snapshot " + name + ": " + e.getMessage(), e);
        }
        return snap;
    }

    /** Completes a snapshot of VM {@code spec} by writing its definition and the hypervisor's facts beside the copies. */
    public SnapshotInfo complete(Path snap, VmSpec spec, Map<String, String> facts) throws IOException {
        Map<String, String> all = new HashMap<>(facts);
        all.put("vm", spec.name());
        all.put("createdAtMillis", Long.toString(System.currentTimeMillis()));
        SpecFile.write(snap.resolve(FACTS), spec, all);
        return info(snap);
    }

    /** The directory of a finished snapshot. */
    public Path find(String name) {
        Path snap = dir.resolve(name);
        if (!NAME.matcher(name).matches() || !Files.isRegularFile(snap.resolve(FACTS))) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no snapshot named " + name);
        }
        return snap;
    }

    /** What {@link #complete} recorded for a snapshot. */
    public Properties facts(Path snap) {
        return VmFiles.read(snap.resolve(FACTS));
    }

    public List<SnapshotInfo> list() {
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(FACTS)))
                    .map(this::info)
                    .sorted(Comparator.comparing(SnapshotInfo::name))
                    .toList();
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot list snapshots: " + e.getMessage(), e);
        }
    }

    public void delete(String name) {
        VmFiles.deleteTree(find(name));
    }

    private SnapshotInfo info(Path snap) {
        Properties p = facts(snap);
        long size;
        try (Stream<Path> files = Files.list(snap)) {
            size = files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            size = 0;
        }
        return new SnapshotInfo(snap.getFileName().toString(), p.getProperty("vm"), hypervisor,
                Long.parseLong(p.getProperty("createdAtMillis")), size, SpecFile.spec(p));
    }
}
