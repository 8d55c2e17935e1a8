package org.mobitopolo.hypervisor.uml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.mobitopolo.hypervisor.common.GuestVm;
import org.mobitopolo.hypervisor.common.VmFiles;

/** The probe's verdicts on this host's real kernels, checked against real boots of the default guest. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UmlKernelsTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    Path data;

    private final Path sockets = Path.of("/tmp/mobitopolo-uml-test-" + UUID.randomUUID().toString().substring(0, 8));
    private UmlHypervisor uml;

    @AfterEach
    void deactivate() {
        if (uml != null) {
            uml.list().forEach(vm -> uml.destroy(vm.spec().name()));
            uml.deactivate();
        }
        VmFiles.deleteTree(sockets);
    }

    @Test
    void theKernelThePluginChoosesBootsTheDefaultGuest() {
        uml = new UmlHypervisor(UmlHypervisorTest.config(data, sockets, "", false));
        HypervisorSupport s = uml.support();
        assertTrue(s.usable(), "scripts/setup.sh gives every host a UML kernel that works: " + s.detail());
        assertTrue(List.of(UmlKernels.BUILT.toString(), UmlKernels.PACKAGED.toString()).contains(s.binary()), s.binary());
        assertFalse(s.version().isEmpty());
        System.out.println("UML kernel chosen here: " + s.binary() + " " + s.version() + " (" + s.detail() + ")");

        uml.define(new VmSpec("chosen", "uml", 64, "", List.of(), Map.of()));
        VmInfo running = uml.start("chosen").toCompletableFuture().join();
        assertEquals(VmState.RUNNING, running.state());
        assertTrue(ProcessHandle.of(running.pid()).flatMap(p -> p.info().command()).orElseThrow().equals(s.binary()),
                "the VM runs on the chosen kernel");
    }

    @Test
    void eachInstalledKernelsVerdictIsWhatARealBootOfTheDefaultGuestShows() throws Exception {
        Path image = new GuestImages(data.resolve("images"), BUSYBOX).defaultImage();
        int checked = 0;
        for (Path kernel : List.of(UmlKernels.BUILT, UmlKernels.PACKAGED)) {
            if (!Files.isRegularFile(kernel)) {
                continue;
            }
            HypervisorSupport verdict = UmlKernels.choose(List.of(kernel), BUSYBOX, sockets);
            String boot = bootDirectly(kernel, image);
            assertEquals(boot.contains(GuestVm.READY_MARKER), verdict.usable(),
                    kernel + ": the probe said " + verdict + ", a real boot printed:\n" + boot);
            if (!verdict.usable()) {
                // where a kernel cannot run, starting a VM on it fails at once with the probe's reason
                uml = new UmlHypervisor(UmlHypervisorTest.config(data.resolve("plugin"), sockets, kernel.toString(), false));
                uml.define(new VmSpec("panics", "uml", 64, "", List.of(), Map.of()));
                PlatformException e = assertThrows(PlatformException.class, () -> uml.start("panics"));
                assertEquals(ErrorCode.UNAVAILABLE, e.code());
                assertTrue(e.getMessage().contains(verdict.detail()), e.getMessage());
                assertEquals(VmState.STOPPED, uml.find("panics").orElseThrow().state());
                uml.deactivate();
                uml = null;
            }
            checked++;
        }
        assertTrue(checked > 0, "scripts/setup.sh installs at least one UML kernel");
    }

    /** The default guest launched on {@code kernel} without the plugin; what it printed in 30 s or until it exited. */
    private String bootDirectly(Path kernel, Path image) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(data.resolve("direct-" + kernel.getFileName() + "-" + UUID.randomUUID()));
        Path log = dir.resolve("console.log");
        String umid = "direct-" + UUID.randomUUID().toString().substring(0, 8);
        Process p = new ProcessBuilder(kernel.toString(), "mem=64M", "umid=" + umid, "uml_dir=" + sockets, "con=null",
                "con0=fd:0,fd:1", "ubd0=" + dir.resolve("disk.cow") + "," + image, "root=/dev/ubda", "rw", "init=/init")
                .directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.isAlive() && System.nanoTime() < deadline
                    && !Files.readString(log, StandardCharsets.ISO_8859_1).contains(GuestVm.READY_MARKER)) {
                Thread.sleep(50);
            }
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } finally {
            ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> List.of(a).contains("umid=" + umid))
                    .orElse(false)).forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingKernelIsUnusableWithTheReason() {
        HypervisorSupport s = UmlKernels.choose(List.of(Path.of("/nonexistent/linux")), BUSYBOX, sockets);
        assertFalse(s.usable());
        assertEquals("no UML kernel runs user space here: /nonexistent/linux not found", s.detail());
    }

    @Test
    void aProgramThatIsNoKernelIsRefusedAndNoVmStartsOnIt() {
        uml = new UmlHypervisor(UmlHypervisorTest.config(data, sockets, "/bin/false", false));
        HypervisorSupport s = uml.support();
        assertFalse(s.usable());
        assertEquals("/bin/false", s.binary());
        assertTrue(s.detail().startsWith("no UML kernel runs user space here: /bin/false"), s.detail());
        assertTrue(s.detail().contains("exited with 1 before user space"), s.detail());
        uml.define(new VmSpec("nope", "uml", 64, "", List.of(), Map.of()));
        PlatformException e = assertThrows(PlatformException.class, () -> uml.start("nope"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("UML VMs cannot run on this host: " + s.detail(), e.getMessage());
    }
}
