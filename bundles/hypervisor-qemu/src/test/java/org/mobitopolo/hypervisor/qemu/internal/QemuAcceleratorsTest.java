package org.mobitopolo.hypervisor.qemu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.hypervisor.common.GuestVm;
import org.mobitopolo.hypervisor.common.VmFiles;

/** The accelerator the probe picks on this host, checked against a real boot of the default guest on KVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QemuAcceleratorsTest {
    private static final String QEMU = "/usr/bin/qemu-system-x86_64";

    @TempDir
    Path data;

    private final Path sockets = Path.of("/tmp/mobitopolo-qemu-test-" + UUID.randomUUID().toString().substring(0, 8));
    private QemuHypervisor qemu;

    @AfterEach
    void deactivate() {
        if (qemu != null) {
            qemu.deactivate();
        }
        VmFiles.deleteTree(sockets);
    }

    private QemuHypervisor plugin(String binary, String accel) {
        qemu = new QemuHypervisor(QemuHypervisorTest.config(data, sockets, binary, accel, false));
        return qemu;
    }

    @Test
    void kvmIsChosenExactlyWhenAGuestBootsOnIt() throws Exception {
        HypervisorSupport auto = plugin(QEMU, "auto").support();
        assertTrue(auto.usable(), auto.detail());
        assertTrue(auto.version().startsWith("QEMU emulator version"), auto.version());
        boolean kvmBoots = bootsOnKvm();
        System.out.println("QEMU here: " + auto.detail() + "; a direct boot on kvm " + (kvmBoots ? "worked" : "did not"));
        assertEquals(kvmBoots, auto.detail().startsWith("accelerator kvm"), auto.detail());
        if (!kvmBoots) {
            assertTrue(auto.detail().startsWith("accelerator tcg; kvm not used: "), auto.detail());
            qemu.deactivate();
            HypervisorSupport kvm = plugin(QEMU, "kvm").support();
            assertFalse(kvm.usable(), "kvm asked for where it does not work: " + kvm.detail());
            assertTrue(kvm.detail().startsWith("kvm configured, but "), kvm.detail());
            qemu.define(new VmSpec("on-kvm", "qemu", 128, "", List.of(), Map.of()));
            PlatformException e = assertThrows(PlatformException.class, () -> qemu.start("on-kvm"));
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertEquals("QEMU VMs cannot run on this host: " + kvm.detail(), e.getMessage());
        }
    }

    /** The default guest launched on KVM without the plugin: whether it says it is ready within 20 s. */
    private boolean bootsOnKvm() throws Exception {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return false;
        }
        QemuGuest guest = new QemuGuest(data.resolve("guest"), Path.of("/usr/local/lib/mobitopolo/qemu/vmlinuz"),
                Path.of("/usr/local/lib/mobitopolo/qemu/modules"), Path.of("/bin/busybox"));
        Path log = data.resolve("kvm-boot.log");
        Process p = new ProcessBuilder(QEMU, "-accel", "kvm", "-m", "128M", "-nodefaults", "-display", "none",
                "-no-reboot", "-kernel", guest.kernel().toString(), "-initrd", guest.initramfs().toString(),
                "-append", "console=ttyS0 panic=-1", "-serial", "stdio")
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(GuestVm.READY_MARKER)) {
                    return true;
                }
                Thread.sleep(50);
            }
            return Files.readString(log, StandardCharsets.ISO_8859_1).contains(GuestVm.READY_MARKER);
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void tcgAsConfiguredNeedsNoProbe() {
        HypervisorSupport tcg = plugin(QEMU, "tcg").support();
        assertTrue(tcg.usable());
        assertEquals("accelerator tcg, as configured", tcg.detail());
    }

    @Test
    void aMissingEmulatorOrAnUnknownAcceleratorIsUnusableWithTheReason() {
        HypervisorSupport missing = plugin("/nonexistent/qemu", "auto").support();
        assertFalse(missing.usable());
        assertEquals("/nonexistent/qemu not found: install qemu-system-x86 (scripts/setup.sh)", missing.detail());
        qemu.deactivate();
        HypervisorSupport unknown = plugin(QEMU, "hvf").support();
        assertFalse(unknown.usable());
        assertEquals("unknown accelerator hvf (auto, kvm or tcg)", unknown.detail());
    }
}
