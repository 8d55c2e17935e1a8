package org.mobitopolo.hypervisor.qemu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.net.Endpoint;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.NicSpec;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.mobitopolo.hypervisor.common.VmFiles;

/** Real QEMU processes (TCG), real UDP: what a user of the QEMU plugin would check. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QemuHypervisorTest {
    @TempDir
    Path data;

    private final Path sockets = Path.of("/tmp/mobitopolo-qemu-test-" + UUID.randomUUID().toString().substring(0, 8));
    private QemuHypervisor qemu;

    static QemuHypervisor.Config config(Path data, Path sockets, String binary, boolean detach) {
        return config(data, sockets, binary, "auto", detach);
    }

    static QemuHypervisor.Config config(Path data, Path sockets, String binary, String accel, boolean detach) {
        return new QemuHypervisor.Config() {
            @Override public Class<? extends Annotation> annotationType() { return QemuHypervisor.Config.class; }
            @Override public String binary() { return binary; }
            @Override public String accel() { return accel; }
            @Override public String kernel() { return "/usr/local/lib/mobitopolo/qemu/vmlinuz"; }
            @Override public String modules() { return "/usr/local/lib/mobitopolo/qemu/modules"; }
            @Override public String dataDir() { return data.toString(); }
            @Override public String socketDir() { return sockets.toString(); }
            @Override public String busybox() { return "/bin/busybox"; }
            @Override public String imageDirs() { return data.resolve("user-images").toString(); }
            @Override public int readyTimeoutSeconds() { return 60; }
            @Override public boolean detachOnStop() { return detach; }
        };
    }

    @BeforeEach
    void activate() {
        qemu = new QemuHypervisor(config(data, sockets, "/usr/bin/qemu-system-x86_64", false));
    }

    @AfterEach
    void deactivate() {
        qemu.list().forEach(vm -> qemu.destroy(vm.spec().name()));
        qemu.deactivate();
        VmFiles.deleteTree(sockets);
    }

    private static VmSpec spec(String name, Map<String, String> params, NicSpec... nics) {
        return new VmSpec(name, "qemu", 128, "", List.of(nics), params);
    }

    private VmInfo boot(VmSpec spec) {
        qemu.define(spec);
        return qemu.start(spec.name()).toCompletableFuture().join();
    }

    private void awaitConsole(String vm, String text) {
        try {
            await(vm + " console shows '" + text + "'", () -> qemu.console(vm, 300).stream().anyMatch(l -> l.contains(text)),
                    Duration.ofSeconds(30));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; console:\n" + String.join("\n", qemu.console(vm, 30)), e);
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

    /** The guest's last "heartbeat N" counter, if it printed one. */
    private OptionalLong lastHeartbeat(String vm) {
        return qemu.console(vm, 300).stream()
                .filter(l -> l.startsWith("heartbeat "))
                .mapToLong(l -> Long.parseLong(l.substring("heartbeat ".length()).strip()))
                .reduce((a, b) -> b);
    }

    @Test
    void twoVmsPeeredOverRawUdpPingAndServeHttpToEachOther() throws Exception {
        int p1 = freeUdpPort();
        int p2 = freeUdpPort();
        qemu.define(spec("vm-a", Map.of("ip", "10.0.0.1/24"), NicSpec.pointToPoint("52:54:00:00:00:01",
                new Endpoint("127.0.0.1", p1), new Endpoint("127.0.0.1", p2))));
        qemu.define(spec("vm-b", Map.of("ip", "10.0.0.2/24", "http", "80"), NicSpec.pointToPoint("52:54:00:00:00:02",
                new Endpoint("127.0.0.1", p2), new Endpoint("127.0.0.1", p1))));
        var a = qemu.start("vm-a").toCompletableFuture();
        var b = qemu.start("vm-b").toCompletableFuture();
        assertEquals(VmState.RUNNING, a.join().state());
        assertEquals(VmState.RUNNING, b.join().state());

        qemu.type("vm-a", "ping -c 3 10.0.0.2");
        awaitConsole("vm-a", "3 packets transmitted, 3 packets received");
        qemu.type("vm-a", "wget -q -O - http://10.0.0.2/");
        awaitConsole("vm-a", "Mobitopolo guest");
    }

    @Test
    void stopSyncsAndPowersOffAndTheDiskKeepsWhatWasWritten() {
        VmInfo running = boot(spec("keeper", Map.of()));
        assertTrue(running.pid() > 0 && running.rssBytes() > 0, running.toString());
        qemu.type("keeper", "echo kept-$((3 * 3)) > /data/kept; echo done-$((5 + 5))");
        awaitConsole("keeper", "done-10");

        VmInfo stopped = qemu.stop("keeper").toCompletableFuture().join();
        assertEquals(VmState.STOPPED, stopped.state());
        assertEquals(-1, stopped.pid());
        assertFalse(ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(qemu.console("keeper", 50).stream().anyMatch(l -> l.contains("Emergency Remount complete")),
                "the guest's file systems were remounted read-only before power-off");

        assertEquals(VmState.RUNNING, qemu.start("keeper").toCompletableFuture().join().state());
        qemu.type("keeper", "cat /data/kept");
        awaitConsole("keeper", "kept-9");
    }

    @Test
    void freezeStopsTheGuestAndResumeContinuesIt() throws InterruptedException {
        boot(spec("beat", Map.of("heartbeat", "1")));
        await("first heartbeats", () -> lastHeartbeat("beat").orElse(0) >= 2, Duration.ofSeconds(15));

        assertEquals(VmState.FROZEN, qemu.freeze("beat").state());
        long frozenAt = lastHeartbeat("beat").orElseThrow();
        Thread.sleep(2500);
        assertEquals(frozenAt, lastHeartbeat("beat").orElseThrow(), "no heartbeat while frozen");

        assertEquals(VmState.RUNNING, qemu.resume("beat").state());
        await("heartbeats after resume", () -> lastHeartbeat("beat").orElse(0) > frozenAt, Duration.ofSeconds(5));

        VmInfo killed = qemu.kill("beat");
        assertEquals(VmState.STOPPED, killed.state());
        assertEquals(-1, killed.pid());
    }

    @Test
    void aVmMadeFromASnapshotResumesItsMemoryAndDisk() {
        boot(spec("orig", Map.of("heartbeat", "1")));
        qemu.type("orig", "echo proof-$((6 * 7)) > /data/proof; echo wrote-$((1 + 1))");
        awaitConsole("orig", "wrote-2");
        await("a few heartbeats", () -> lastHeartbeat("orig").orElse(0) >= 3, Duration.ofSeconds(15));

        var snap = qemu.snapshot("orig", "beating");
        long atSnapshot = lastHeartbeat("orig").orElseThrow();
        assertEquals("qemu", snap.hypervisor());
        assertTrue(snap.sizeBytes() > 1 << 20, "the snapshot holds the guest's memory: " + snap);
        assertEquals(VmState.RUNNING, qemu.find("orig").orElseThrow().state(), "the original runs on after the snapshot");
        qemu.kill("orig");

        VmInfo clone = boot(new VmSpec("clone", "qemu", 128, "snapshot:beating", List.of(), Map.of()));
        assertEquals(VmState.RUNNING, clone.state());
        await("the clone's heartbeat counts on from the snapshot's",
                () -> lastHeartbeat("clone").orElse(0) > atSnapshot, Duration.ofSeconds(15));
        assertTrue(qemu.console("clone", 300).stream().noneMatch(l -> l.contains("MOBITOPOLO-READY")),
                "the clone did not boot: it resumed");
        qemu.type("clone", "cat /data/proof");
        awaitConsole("clone", "proof-42");
    }

    @Test
    void aGuestThatDiesIsMarkedFailedWithItsLastWords() {
        VmInfo running = boot(spec("fragile", Map.of()));
        ProcessHandle.of(running.pid()).orElseThrow().destroyForcibly();
        await("FAILED", () -> qemu.find("fragile").orElseThrow().state() == VmState.FAILED, Duration.ofSeconds(10));
        String detail = qemu.find("fragile").orElseThrow().detail();
        assertTrue(detail.contains("exited unexpectedly") && detail.contains("MOBITOPOLO-READY"), detail);
    }

    @Test
    void detachedVmsAreFoundAgainByTheNextActivation() {
        qemu.deactivate();
        qemu = new QemuHypervisor(config(data, sockets, "/usr/bin/qemu-system-x86_64", true));
        VmInfo running = boot(spec("survivor", Map.of()));
        qemu.deactivate();
        assertTrue(ProcessHandle.of(running.pid()).orElseThrow().isAlive(), "detached VM keeps running");

        qemu = new QemuHypervisor(config(data, sockets, "/usr/bin/qemu-system-x86_64", false));
        VmInfo found = qemu.find("survivor").orElseThrow();
        assertEquals(VmState.RUNNING, found.state());
        assertEquals(running.pid(), found.pid());
        assertEquals(VmState.FROZEN, qemu.freeze("survivor").state(), "QMP works on the adopted VM");
        assertEquals(VmState.RUNNING, qemu.resume("survivor").state());
        qemu.type("survivor", "echo back-$((4 + 4))");
        awaitConsole("survivor", "back-8");
    }

    @Test
    void badRequestsGetClearErrors() {
        assertEquals(List.of(), qemu.snapshots(), "no snapshots yet, and no error for it");
        qemu.define(spec("taken", Map.of()));
        assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class, () -> qemu.define(spec("taken", Map.of()))).code());
        var missing = assertThrows(PlatformException.class,
                () -> qemu.define(new VmSpec("x", "qemu", 128, "/nonexistent.qcow2", List.of(), Map.of())));
        assertEquals(ErrorCode.BAD_REQUEST, missing.code());
        assertTrue(missing.getMessage().contains("/nonexistent.qcow2"));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(PlatformException.class,
                () -> qemu.define(new VmSpec("u", "uml", 64, "", List.of(), Map.of()))).code());
        assertThrows(IllegalArgumentException.class, () -> qemu.define(spec("z", Map.of("ip", "10.0.0.1 init=/bin/sh"))));
        assertEquals(ErrorCode.CONFLICT, assertThrows(PlatformException.class, () -> qemu.freeze("taken")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(PlatformException.class, () -> qemu.start("nobody")).code());
        qemu.define(spec("net", Map.of(), NicSpec.onNetwork("lan", "52:54:00:00:00:09")));
        var network = assertThrows(PlatformException.class, () -> qemu.start("net"));
        assertEquals(ErrorCode.UNAVAILABLE, network.code(), "a NIC on a network needs the virtual switch");

        qemu.deactivate();
        qemu = new QemuHypervisor(config(data, sockets, "/nonexistent/qemu", false));
        var noBinary = assertThrows(PlatformException.class, () -> qemu.start("taken"));
        assertEquals(ErrorCode.UNAVAILABLE, noBinary.code());
        assertTrue(noBinary.getMessage().contains("qemu-system-x86"));
    }
}
