package org.mobitopolo.hypervisor.uml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;

/** Real User-Mode Linux processes, real UDP: what a user of the UML plugin would check. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UmlHypervisorTest {
    @TempDir
    Path data;

    private final Path sockets = Path.of("/tmp/mobitopolo-uml-test-" + UUID.randomUUID().toString().substring(0, 8));
    private UmlHypervisor uml;

    static UmlHypervisor.Config config(Path data, Path sockets, String binary, boolean detach) {
        return new UmlHypervisor.Config() {
            @Override public Class<? extends Annotation> annotationType() { return UmlHypervisor.Config.class; }
            @Override public String binary() { return binary; }
            @Override public String dataDir() { return data.toString(); }
            @Override public String socketDir() { return sockets.toString(); }
            @Override public String busybox() { return "/bin/busybox"; }
            @Override public String imageDirs() { return data.resolve("user-images").toString(); }
            @Override public int readyTimeoutSeconds() { return 30; }
            @Override public boolean detachOnStop() { return detach; }
        };
    }

    /**
     * The kernel these tests run on: the one the plugin chooses by default, or the one a build names
     * ({@code -Dmobitopolo.uml.kernel}: the suite runs them on the packaged kernel too).
     */
    static final String KERNEL = System.getProperty("mobitopolo.uml.kernel", "");

    @BeforeEach
    void activate() {
        uml = new UmlHypervisor(config(data, sockets, KERNEL, false));
        HypervisorSupport s = uml.support();
        if (!KERNEL.isEmpty()) {
            // UmlKernelsTest checks this verdict against a real boot of that kernel
            assumeTrue(s.usable(), () -> KERNEL + " cannot run here, so these tests do not run on it: " + s.detail());
        }
        assertTrue(s.usable(), s.detail());
    }

    @AfterEach
    void deactivate() {
        uml.list().forEach(vm -> uml.destroy(vm.spec().name()));
        uml.deactivate();
        org.mobitopolo.hypervisor.common.VmFiles.deleteTree(sockets);
    }

    private static VmSpec spec(String name, Map<String, String> params, NicSpec... nics) {
        return new VmSpec(name, "uml", 64, "", List.of(nics), params);
    }

    private VmInfo boot(VmSpec spec) {
        uml.define(spec);
        return uml.start(spec.name()).toCompletableFuture().join();
    }

    private void awaitConsole(String vm, String text) {
        try {
            await(vm + " console shows '" + text + "'", () -> uml.console(vm, 200).stream().anyMatch(l -> l.contains(text)),
                    Duration.ofSeconds(20));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; console:\n" + String.join("\n", uml.console(vm, 30)), e);
        }
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void twoVmsOnOneBaseImagePingEachOtherThroughAUdpRelay() throws Exception {
        int p1 = freeUdpPort();
        int p2 = freeUdpPort();
        try (UdpRelay relay = new UdpRelay(p1, p2)) {
            var a = uml.define(spec("vm-a", Map.of("ip", "10.0.0.1/24"), NicSpec.pointToPoint("02:00:00:00:00:01",
                    new Endpoint("127.0.0.1", p1), new Endpoint("127.0.0.1", relay.portA()))));
            var b = uml.define(spec("vm-b", Map.of("ip", "10.0.0.2/24"), NicSpec.pointToPoint("02:00:00:00:00:02",
                    new Endpoint("127.0.0.1", p2), new Endpoint("127.0.0.1", relay.portB()))));
            var startA = uml.start("vm-a").toCompletableFuture();
            var startB = uml.start("vm-b").toCompletableFuture();
            assertEquals(VmState.RUNNING, startA.join().state());
            assertEquals(VmState.RUNNING, startB.join().state());
            assertEquals("", a.spec().image());
            assertTrue(Files.exists(data.resolve("vms/vm-a/disk.cow")) && Files.exists(data.resolve("vms/vm-b/disk.cow")),
                    "each VM has its own copy-on-write layer over the one base image");

            uml.type("vm-a", "ping -c 3 10.0.0.2");
            awaitConsole("vm-a", "3 packets transmitted, 3 packets received");
            assertEquals(VmState.RUNNING, uml.find("vm-b").orElseThrow().state());
            assertNotEquals(a.spec().nics().get(0).mac(), b.spec().nics().get(0).mac());
        }
    }

    @Test
    void aNicAddedToARunningGuestCarriesTrafficAndCanBeRepointedOnceDown() throws Exception {
        int pa = freeUdpPort();
        int pb = freeUdpPort();
        // No relay: each NIC sends straight to the other's UDP port.
        boot(spec("peer-a", Map.of("ip", "10.0.1.1/24"), NicSpec.pointToPoint("02:00:00:00:01:01",
                new Endpoint("127.0.0.1", pa), new Endpoint("127.0.0.1", pb))));
        boot(spec("peer-b", Map.of()));

        VmInfo b = uml.addNic("peer-b", NicSpec.pointToPoint("02:00:00:00:01:02", new Endpoint("127.0.0.1", pb),
                new Endpoint("127.0.0.1", pa)));
        assertEquals(1, b.spec().nics().size());
        uml.type("peer-b", "ip link set vec0 up && ip addr add 10.0.1.2/24 dev vec0 && echo up-$((2 * 5))");
        awaitConsole("peer-b", "up-10");
        uml.type("peer-a", "ping -c 2 10.0.1.2");
        awaitConsole("peer-a", "2 packets transmitted, 2 packets received");

        int pc = freeUdpPort();
        NicSpec moved = NicSpec.pointToPoint("02:00:00:00:01:02", new Endpoint("127.0.0.1", pc), new Endpoint("127.0.0.1", pa));
        var open = assertThrows(PlatformException.class, () -> uml.replaceNic("peer-b", 0, moved));
        assertEquals(ErrorCode.CONFLICT, open.code());
        assertTrue(open.getMessage().contains("ip link set vec0 down"), open.getMessage());

        uml.type("peer-b", "ip link set vec0 down && echo down-$((3 * 5))");
        awaitConsole("peer-b", "down-15");
        assertEquals(pc, uml.replaceNic("peer-b", 0, moved).spec().nics().get(0).local().port());
        uml.type("peer-b", "ip link set vec0 up && echo again-$((4 * 5))");
        awaitConsole("peer-b", "again-20");
        await("the re-pointed NIC listening on its new UDP port", () -> !udpPortFree(pc), Duration.ofSeconds(5));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(PlatformException.class, () -> uml.replaceNic("peer-b", 3, moved)).code());
    }

    private static boolean udpPortFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aCloneOfASnapshotHoldsWhatTheOriginalWroteBeforeIt() {
        boot(spec("orig", Map.of()));
        uml.type("orig", "echo proof-$((6 * 7)) > /root/proof; echo wrote-$((1 + 1))");
        awaitConsole("orig", "wrote-2");

        var snap = uml.snapshot("orig", "with-proof");
        assertEquals("orig", snap.vm());
        assertEquals(VmState.RUNNING, uml.find("orig").orElseThrow().state(), "the original runs on after the snapshot");
        assertEquals(List.of("with-proof"), uml.snapshots().stream().map(s -> s.name()).toList());

        boot(new VmSpec("clone", "uml", 64, "snapshot:with-proof", List.of(), Map.of()));
        uml.type("clone", "cat /root/proof");
        awaitConsole("clone", "proof-42");

        uml.deleteSnapshot("with-proof");
        assertTrue(uml.snapshots().isEmpty());
        uml.type("clone", "echo still-$((2 + 2))");
        awaitConsole("clone", "still-4");
    }

    private long heartbeats(String vm) {
        return uml.console(vm, 500).stream().filter(l -> l.startsWith("heartbeat ")).count();
    }

    @Test
    void freezeStopsTheGuestAndResumeRestartsIt() throws InterruptedException {
        boot(spec("beat", Map.of("heartbeat", "1")));
        await("first heartbeats", () -> heartbeats("beat") >= 2, Duration.ofSeconds(10));

        assertEquals(VmState.FROZEN, uml.freeze("beat").state());
        Thread.sleep(500); // a beat already on its way may still land
        long frozenAt = heartbeats("beat");
        Thread.sleep(2500);
        assertEquals(frozenAt, heartbeats("beat"), "no heartbeat while frozen");

        assertEquals(VmState.RUNNING, uml.resume("beat").state());
        await("heartbeats after resume", () -> heartbeats("beat") > frozenAt, Duration.ofSeconds(5));

        VmInfo killed = uml.kill("beat");
        assertEquals(VmState.STOPPED, killed.state());
        assertEquals(-1, killed.pid());
        await("no UML process of a killed VM", () -> umlProcesses("beat") == 0, Duration.ofSeconds(5));
    }

    @Test
    void stopHaltsCleanlyAndTheDiskKeepsWhatWasWritten() {
        VmInfo running = boot(spec("keeper", Map.of()));
        assertTrue(running.pid() > 0 && running.rssBytes() > 0, running.toString());
        uml.type("keeper", "echo kept-$((3 * 3)) > /root/kept; echo done-$((5 + 5))");
        awaitConsole("keeper", "done-10");

        VmInfo stopped = uml.stop("keeper").toCompletableFuture().join();
        assertEquals(VmState.STOPPED, stopped.state());
        assertEquals(-1, stopped.pid());
        assertFalse(ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(0, umlProcesses("keeper"));

        assertEquals(VmState.RUNNING, uml.start("keeper").toCompletableFuture().join().state());
        uml.type("keeper", "cat /root/kept");
        awaitConsole("keeper", "kept-9");
    }

    @Test
    void aGuestThatDiesIsMarkedFailedWithItsLastWords() {
        VmInfo running = boot(spec("fragile", Map.of()));
        ProcessHandle.of(running.pid()).orElseThrow().destroyForcibly();
        await("FAILED", () -> uml.find("fragile").orElseThrow().state() == VmState.FAILED, Duration.ofSeconds(10));
        String detail = uml.find("fragile").orElseThrow().detail();
        assertTrue(detail.contains("exited unexpectedly") && detail.contains(org.mobitopolo.hypervisor.common.GuestVm.READY_MARKER), detail);
        await("no UML helper process left behind", () -> umlProcesses("fragile") == 0, Duration.ofSeconds(5));
    }

    private static long umlProcesses(String vm) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains("umid=" + vm + "-")).orElse(false))
                .count();
    }

    @Test
    void detachedVmsAreFoundAgainByTheNextActivation() {
        uml.deactivate();
        uml = new UmlHypervisor(config(data, sockets, KERNEL, true));
        VmInfo running = boot(spec("survivor", Map.of()));
        uml.deactivate();
        assertTrue(ProcessHandle.of(running.pid()).orElseThrow().isAlive(), "detached VM keeps running");

        uml = new UmlHypervisor(config(data, sockets, KERNEL, false));
        VmInfo found = uml.find("survivor").orElseThrow();
        assertEquals(VmState.RUNNING, found.state());
        assertEquals(running.pid(), found.pid());
        uml.type("survivor", "echo back-$((4 + 4))");
        awaitConsole("survivor", "back-8");
        assertEquals(VmState.FROZEN, uml.freeze("survivor").state(), "mconsole works on the adopted VM");
    }

    @Test
    void aUsersRootDirectoryBootsOverHostfs() throws IOException {
        Path root = Files.createDirectories(data.resolve("user-images/my-root")); // users' images live in imageDirs
        uml.define(spec("first", Map.of())); // builds the default guest, root directory included
        Path template = data.resolve("images/busybox-root");
        try (var files = Files.walk(template)) {
            for (Path f : files.toList()) {
                Path target = root.resolve(template.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        boot(new VmSpec("hostfs", "uml", 64, root.toString(), List.of(), Map.of()));
        uml.type("hostfs", "echo written-in-guest > /root/note");
        await("the guest's file on the host", () -> Files.exists(root.resolve("root/note")), Duration.ofSeconds(20));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class,
                () -> uml.snapshot("hostfs", "nope")).code(), "a hostfs VM has no disk layer to snapshot");
    }

    @Test
    void badRequestsGetClearErrors() {
        uml.define(spec("taken", Map.of()));
        assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class, () -> uml.define(spec("taken", Map.of()))).code());
        var missing = assertThrows(PlatformException.class,
                () -> uml.define(new VmSpec("x", "uml", 64, "/nonexistent.img", List.of(), Map.of())));
        assertEquals(ErrorCode.BAD_REQUEST, missing.code());
        assertTrue(missing.getMessage().contains("/nonexistent.img"));
        assertEquals(ErrorCode.NOT_FOUND,
                assertThrows(PlatformException.class, () -> uml.define(new VmSpec("y", "uml", 64, "snapshot:none", List.of(),
                        Map.of()))).code());
        assertThrows(IllegalArgumentException.class, () -> uml.define(spec("z", Map.of("ip", "10.0.0.1 init=/bin/sh"))));
        assertThrows(IllegalArgumentException.class, () -> spec("Bad Name", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new VmSpec("m", "uml", 4, "", List.of(), Map.of()));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(PlatformException.class, () -> uml.start("nobody")).code());
        assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class, () -> uml.freeze("taken")).code());
    }
}
