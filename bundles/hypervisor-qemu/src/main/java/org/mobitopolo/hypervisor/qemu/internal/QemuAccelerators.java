package org.mobitopolo.hypervisor.qemu.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.hypervisor.common.BootProbe;
import org.mobitopolo.hypervisor.common.GuestVm;

/**
 * Whether QEMU runs here and with which accelerator. {@code /dev/kvm} may be there and still hang
 * every guest (seen on these machines: after "Probing EDD"), so KVM is used only once a guest has
 * booted on it; TCG works wherever QEMU does.
 */
final class QemuAccelerators {
    static final Path KVM = Path.of("/dev/kvm");
    /** A guest on working KVM is ready in about a second; TCG takes 4.5 s. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What was found, and the accelerator VMs are launched with. */
    record Choice(HypervisorSupport support, String accel) {}

    private QemuAccelerators() {}

    /**
     * @param accel {@code auto} (KVM where a probe boot shows it works, otherwise TCG), {@code kvm} or {@code tcg}
     * @param work where the probe may write for a moment
     */
    static Choice choose(String binary, String accel, QemuGuest guest, Path work) {
        Optional<Path> qemu = BootProbe.executable(binary);
        if (qemu.isEmpty()) {
            return unusable(binary, "", binary + " not found: install qemu-system-x86 (scripts/setup.sh)");
        }
        String version = BootProbe.version(qemu.get());
        Path kernel;
        Path initramfs;
        try {
            kernel = guest.kernel();
            initramfs = guest.initramfs();
        } catch (PlatformException e) {
            return unusable(binary, version, e.getMessage());
        }
        if (accel.equals("tcg")) {
            return usable(binary, version, "tcg", "accelerator tcg, as configured");
        }
        if (!accel.equals("kvm") && !accel.equals("auto")) {
            return unusable(binary, version, "unknown accelerator " + accel + " (auto, kvm or tcg)");
        }
        String kvmProblem;
        if (!Files.isReadable(KVM) || !Files.isWritable(KVM)) {
            kvmProblem = KVM + " is missing or not accessible";
        } else {
            BootProbe.Verdict v = BootProbe.cached(List.of(qemu.get(), kernel, initramfs, KVM),
                    () -> boot(qemu.get(), kernel, initramfs, work));
            if (v.ok()) {
                return usable(binary, version, "kvm", "accelerator kvm (probe boot " + v.millis() + " ms)");
            }
            kvmProblem = "a probe guest on it " + v.reason();
        }
        return accel.equals("kvm") ? unusable(binary, version, "kvm configured, but " + kvmProblem)
                : usable(binary, version, "tcg", "accelerator tcg; kvm not used: " + kvmProblem);
    }

    /** Boots the default guest kernel and initramfs on KVM until it says it is ready. */
    private static BootProbe.Verdict boot(Path qemu, Path kernel, Path initramfs, Path work) {
        Path dir = work.resolve("probe-" + UUID.randomUUID().toString().substring(0, 8));
        return BootProbe.boot(List.of(qemu.toString(), "-name", "probe,process=qemu-probe-" + dir.getFileName(),
                "-accel", "kvm", "-m", "128M", "-smp", "1", "-nodefaults", "-no-user-config", "-display", "none",
                "-no-reboot", "-kernel", kernel.toString(), "-initrd", initramfs.toString(),
                "-append", "console=ttyS0 panic=-1 mobi.probe=" + dir, "-serial", "stdio"),
                dir, GuestVm.READY_MARKER, TIMEOUT);
    }

    private static Choice usable(String binary, String version, String accel, String detail) {
        return new Choice(new HypervisorSupport("qemu", binary, version, true, detail), accel);
    }

    private static Choice unusable(String binary, String version, String why) {
        return new Choice(new HypervisorSupport("qemu", binary, version, false, why), "");
    }
}
