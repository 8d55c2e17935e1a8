package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.SnapshotFile;
import org.mobitopolo.api.vm.SnapshotInfo;
import org.mobitopolo.api.vm.VmSpec;

/**
 * A hypervisor's snapshots: a directory each, holding what the hypervisor copied and a
 * {@code snapshot.properties} with the VM's definition; a snapshot without that file is unfinished
 * and not listed. Its fact {@code base} is the absolute path of the base image its disk layer sits on.
 * For other hosts to fetch it, a snapshot lists its files with their SHA-256 sums, kept in its
 * {@code checksums.properties}.
 */
public final class SnapshotStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final String FACTS = "snapshot.properties";
    private static final String SUMS = "checksums.properties";

    /** How a hypervisor makes a snapshot's fetched disk layer sit on its base image here. */
    @FunctionalInterface
    public interface Rebase {
        void rebase(Path snapshot, Path base) throws IOException;
    }

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

    /** The base image of a finished snapshot; {@code CONFLICT} when it is gone. */
    public Path base(Path snap) {
        Path base = Path.of(facts(snap).getProperty("base"));
        if (!Files.isRegularFile(base)) {
            throw new PlatformException(ErrorCode.CONFLICT, "the base image " + base + " of snapshot "
                    + snap.getFileName() + " is gone");
        }
        return base;
    }

    /**
     * What another host needs to make VMs from a snapshot: its own files by name, then its base image
     * as {@value SnapshotFile#BASE}, each with its SHA-256, computed the first time and kept.
     */
    public synchronized List<SnapshotFile> files(String name) {
        Path snap = find(name);
        try {
            FileSums sums = new FileSums(snap.resolve(SUMS));
            List<SnapshotFile> files = new ArrayList<>();
            for (Path f : ownFiles(snap)) {
                files.add(sums.file(f.getFileName().toString(), f));
            }
            files.add(sums.file(SnapshotFile.BASE, base(snap)));
            sums.save();
            return files;
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot list the files of snapshot " + name + ": " + e.getMessage(), e);
        }
    }

    /** Where a file of {@link #files} lies; {@code NOT_FOUND} for a name that listing does not hold. */
    public Path file(String name, String file) {
        Path snap = find(name);
        if (SnapshotFile.BASE.equals(file)) {
            return base(snap);
        }
        try {
            return ownFiles(snap).stream().filter(f -> f.getFileName().toString().equals(file)).findFirst()
                    .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "snapshot " + name + " has no file " + file));
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot read snapshot " + name + ": " + e.getMessage(), e);
        }
    }

    /** The snapshot's own files, by name: what the hypervisor copied and its facts, not the kept sums. */
    private static List<Path> ownFiles(Path snap) throws IOException {
        try (Stream<Path> files = Files.list(snap)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(SUMS) && !f.getFileName().toString().endsWith(".tmp"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Makes snapshot {@code name} of files fetched from another host: moves the files of {@code fetched}
     * in, has {@code rebase} put its disk layer on {@code base}, and writes its facts last, {@code base}
     * now naming the base here, so that the snapshot appears whole or not at all.
     */
    public SnapshotInfo adopt(String name, Path fetched, Path base, Rebase rebase) {
        Properties facts;
        try {
            facts = SpecFile.read(fetched.resolve(FACTS));
            VmSpec spec = SpecFile.spec(facts);
            if (!hypervisor.equals(spec.hypervisor())) {
                throw new PlatformException(ErrorCode.BAD_REQUEST, "snapshot " + name + " is of a " + spec.hypervisor()
                        + " VM, not " + hypervisor);
            }
        } catch (IOException | RuntimeException e) {
            throw e instanceof PlatformException p ? p : new PlatformException(ErrorCode.BAD_REQUEST, "the files of snapshot "
                    + name + " hold no readable " + FACTS + ": " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(base)) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "base image " + base + " of snapshot " + name + " is no file");
        }
        Path snap = create(name);
        try {
            for (Path f : ownFiles(fetched)) {
                String file = f.getFileName().toString();
                if (!file.equals(FACTS) && !file.equals(SUMS)) {
                    Files.move(f, snap.resolve(file));
                }
            }
            rebase.rebase(snap, base.toAbsolutePath());
            facts.setProperty("base", base.toAbsolutePath().toString());
            Path tmp = snap.resolve(FACTS + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                facts.store(w, "Mobitopolo snapshot, fetched");
            }
            Files.move(tmp, snap.resolve(FACTS), StandardCopyOption.ATOMIC_MOVE);
            return info(snap);
        } catch (IOException | RuntimeException e) {
            VmFiles.deleteTree(snap);
            throw e instanceof PlatformException p ? p
                    : new PlatformException(ErrorCode.FAILED, "cannot import snapshot " + name + ": " + e.getMessage(), e);
        }
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
