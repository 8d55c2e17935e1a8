package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.hypervisor.common.BootProbe;

/**
 * Which UML kernel runs user space on this host, found by booting each candidate for a moment.
 * Older UML kernels hand the host a fixed-size FP register buffer, and a host whose XSAVE area is
 * larger (Intel AMX: 11 008 bytes) refuses it: the guest panics at its first user-space instruction
 * ("ptrace set fp regs failed, errno = 14"). Only a real boot tells.
 */
final class UmlKernels {
    /** Where {@code scripts/setup.sh} installs a kernel built from Debian's sources, where it is needed or asked for. */
    static final Path BUILT = Path.of("/usr/local/lib/mobitopolo/uml/linux");
    /** Debian's {@code user-mode-linux} package. */
    static final Path PACKAGED = Path.of("/usr/bin/linux");
    static final String MARKER = "MOBITOPOLO-PROBE-USERSPACE";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private UmlKernels() {}

    /** The kernels tried, in order: the configured one only, or the built one, then the packaged one. */
    static List<Path> candidates(String configured) {
        return configured.isBlank() ? List.of(BUILT, PACKAGED) : List.of(Path.of(configured));
    }

    /**
     * The first candidate that runs user space here, or, when none does, why each one does not.
     *
     * @param busybox the static busybox the probe's root holds
     * @param work where the probe's root and UML's sockets may go for a moment
     */
    static HypervisorSupport choose(List<Path> candidates, Path busybox, Path work) {
        List<String> refusals = new ArrayList<>();
        Path tried = null;
        for (Path kernel : candidates) {
            Optional<Path> binary = BootProbe.executable(kernel.toString());
            if (binary.isEmpty()) {
                refusals.add(kernel + " not found");
                continue;
            }
            tried = tried == null ? kernel : tried;
            String version = BootProbe.version(kernel);
            BootProbe.Verdict v = BootProbe.cached(List.of(kernel, busybox), () -> boot(kernel, busybox, work));
            if (v.ok()) {
                return new HypervisorSupport("uml", kernel.toString(), version, true,
                        "runs user space here (probe boot " + v.millis() + " ms)");
            }
            refusals.add(kernel + " (" + version + ") " + v.reason());
        }
        String hint = candidates.size() > 1 ? "; scripts/setup.sh installs one that does" : "";
        return new HypervisorSupport("uml", String.valueOf(tried == null ? candidates.get(0) : tried),
                tried == null ? "" : BootProbe.version(tried), false,
                "no UML kernel runs user space here: " + String.join("; ", refusals) + hint);
    }

    /** Boots {@code kernel} on a hostfs root holding only busybox and an {@code /init} that prints the marker. */
    static BootProbe.Verdict boot(Path kernel, Path busybox, Path work) {
        String id = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = work.resolve(id);
        Path root = dir.resolve("root");
        try {
            Files.createDirectories(root.resolve("bin"));
            Files.copy(busybox, root.resolve("bin/busybox"));
            Path init = root.resolve("init");
            Files.writeString(init, "#!/bin/busybox sh\n/bin/busybox echo " + MARKER + "\n/bin/busybox poweroff -f\n");
            Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            return new BootProbe.Verdict(false, "cannot prepare the probe's root in " + dir + ": " + e.getMessage(), 0);
        }
        return BootProbe.boot(List.of(kernel.toString(), "mem=64M", "umid=" + id, "uml_dir=" + dir, "con=null",
                "con0=fd:0,fd:1", "rootfstype=hostfs", "rootflags=" + root, "rw", "init=/init"), dir, MARKER, TIMEOUT);
    }
}
