package org.mobitopolo.hypervisor.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes standing in for guests: one that gets to user space, one that panics, one that hangs. */
class BootProbeTest {
    @TempDir
    Path work;

    private static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    @Test
    void aGuestThatPrintsTheMarkerPasses() {
        BootProbe.Verdict v = BootProbe.boot(sh("echo booting; echo PROBE-OK; sleep 30"), work.resolve("ok"), "PROBE-OK",
                Duration.ofSeconds(10));
        assertTrue(v.ok(), v.reason());
        assertTrue(v.millis() < 5000, "ended as soon as the marker came, not when the guest would have: " + v.millis());
        assertFalse(Files.exists(work.resolve("ok")), "the probe's directory is gone");
    }

    @Test
    void aPanicIsReportedByTheLinesThatSayWhy() {
        BootProbe.Verdict v = BootProbe.boot(sh("""
                echo 'Run /init as init process'
                echo 'userspace - ptrace set fp regs failed, errno = 14'
                echo 'Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b'
                echo ' [<60069389>] ? list_del_init+0x0/0x16'
                exit 1"""), work.resolve("panic"), "PROBE-OK", Duration.ofSeconds(10));
        assertFalse(v.ok());
        assertEquals("exited with 1 before user space: userspace - ptrace set fp regs failed, errno = 14; "
                + "Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b", v.reason());
    }

    @Test
    void harmlessFailuresAndStackDumpsAreNotTakenForTheReason() {
        assertEquals("Out of memory and no killable processes...; Kernel panic - not syncing: System is deadlocked on memory",
                BootProbe.telling("""
                        mmapper_init - find_iomem failed
                        [<6004f58f>] ? check_panic_on_warn+0x0/0x6f
                        Out of memory and no killable processes...
                        Kernel panic - not syncing: System is deadlocked on memory
                        Stack:
                         606944ba 607e7fcd 87447980 6067bb96
                        """));
        assertEquals("mount: mounting /dev/ubda failed", BootProbe.telling("a\nmount: mounting /dev/ubda failed\nb\n"));
        assertEquals("b", BootProbe.telling("a\nb\n"));
    }

    @Test
    void aGuestThatHangsIsGivenUpOnAndKilledWithEverythingItStarted() throws Exception {
        Path dir = work.resolve("hang");
        // a child naming the probe's directory, as UML's helper processes do
        BootProbe.Verdict v = BootProbe.boot(sh("echo 'Probing EDD (edd=off to disable)... ok'; sh -c 'sleep 300' "
                + dir + " & sleep 300"), dir, "PROBE-OK", Duration.ofSeconds(1));
        assertFalse(v.ok());
        assertEquals("printed nothing from user space within 1 s (last words: Probing EDD (edd=off to disable)... ok)", v.reason());
        Thread.sleep(200);
        assertTrue(ProcessHandle.allProcesses().noneMatch(h -> h.info().commandLine().orElse("").contains(dir.toString())),
                "no process of the probe is left");
    }

    @Test
    void anInterruptedProbeEndsItsGuestAndIsNotRemembered() throws Exception {
        Path binary = Files.writeString(work.resolve("qemu"), "a binary");
        Path dir = work.resolve("interrupted");
        Thread probe = new Thread(() -> BootProbe.cached(List.of(binary),
                () -> BootProbe.boot(sh("echo booting; sleep 301"), dir, "PROBE-OK", Duration.ofSeconds(60))));
        probe.start();
        Thread.sleep(500);
        probe.interrupt(); // as a plugin that stops while its probe still runs
        probe.join(5000);
        assertFalse(probe.isAlive());
        Thread.sleep(200);
        assertTrue(ProcessHandle.allProcesses().noneMatch(h -> h.info().commandLine().orElse("").contains("sleep 301")),
                "the guest and what it started are gone");
        assertTrue(BootProbe.cached(List.of(binary), () -> new BootProbe.Verdict(true, "", 1)).ok(),
                "the next probe runs again");
    }

    @Test
    void aVerdictIsKeptUntilTheBinaryChanges() throws IOException {
        Path binary = Files.writeString(work.resolve("kernel"), "v1");
        AtomicInteger boots = new AtomicInteger();
        BootProbe.Verdict first = BootProbe.cached(List.of(binary), () -> new BootProbe.Verdict(boots.incrementAndGet() > 1, "", 1));
        BootProbe.Verdict again = BootProbe.cached(List.of(binary), () -> new BootProbe.Verdict(boots.incrementAndGet() > 1, "", 1));
        assertEquals(1, boots.get());
        assertEquals(first, again);
        Files.writeString(binary, "v2, another build");
        Files.setLastModifiedTime(binary, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertTrue(BootProbe.cached(List.of(binary), () -> new BootProbe.Verdict(boots.incrementAndGet() > 1, "", 1)).ok());
        assertEquals(2, boots.get());
    }

    @Test
    void bareNamesAreLookedUpOnPath() {
        Path sh = BootProbe.executable("sh").orElseThrow();
        assertTrue(sh.isAbsolute() && Files.isRegularFile(sh));
    }

    @Test
    void aFileWithoutExecuteBitsIsNoBinaryEvenForRoot() throws IOException {
        Path file = Files.createFile(work.resolve("linux"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-r--r--")));
        assertTrue(BootProbe.executable(file.toString()).isEmpty());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr--r--"));
        assertEquals(file, BootProbe.executable(file.toString()).orElseThrow());
    }
}
