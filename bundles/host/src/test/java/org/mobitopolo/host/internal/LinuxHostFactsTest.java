package org.mobitopolo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mobitopolo.api.host.HostInfo;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.host.NetInterface;

/** Reads this very machine and checks the answers against the kernel's own files. */
class LinuxHostFactsTest {
    private static LinuxHostFacts.Config config(String uml, String qemu) {
        return new LinuxHostFacts.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LinuxHostFacts.Config.class;
            }

            @Override
            public String umlBinary() {
                return uml;
            }

            @Override
            public String qemuBinary() {
                return qemu;
            }
        };
    }

    private final HostInfo info = new LinuxHostFacts(config("/usr/bin/linux", "qemu-system-x86_64")).read();

    @Test
    void defaultRouteCarriesTheOutgoingInterfacesRealMtu() throws IOException {
        assertNotNull(info.defaultRoute(), "this machine has a default route");
        String iface = info.defaultRoute().interfaceName();
        int mtu = Integer.parseInt(Files.readString(Path.of("/sys/class/net", iface, "mtu")).strip());
        assertEquals(mtu, info.defaultRoute().mtu());
        assertFalse(info.defaultRoute().addresses().isEmpty());
    }

    @Test
    void listsLoopbackWithItsAddress() {
        NetInterface lo = info.interfaces().stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow();
        assertTrue(lo.up());
        assertTrue(lo.addresses().contains("127.0.0.1/8"), lo.addresses().toString());
    }

    @Test
    void readsResources() {
        assertEquals(Runtime.getRuntime().availableProcessors(), info.cpus());
        assertTrue(info.memoryTotalBytes() >= info.memoryAvailableBytes());
        assertTrue(info.memoryAvailableBytes() > 0);
        assertFalse(info.hostname().isEmpty());
    }

    @Test
    void aMissingHypervisorBinaryIsReportedUnusableWithTheReason() {
        HostInfo none = new LinuxHostFacts(config("/nonexistent/linux", "no-such-qemu")).read();
        HypervisorSupport uml = none.hypervisors().get(0);
        assertEquals("uml", uml.type());
        assertFalse(uml.usable());
        assertTrue(uml.detail().contains("not found"), uml.detail());
        assertFalse(none.hypervisors().get(1).usable());
    }

    @Test
    void bareNamesAreLookedUpOnPath() {
        Path sh = LinuxHostFacts.resolve("sh").orElseThrow();
        assertTrue(sh.isAbsolute() && Files.isExecutable(sh));
    }

    @Test
    void aFileWithoutExecuteBitsIsNoBinaryEvenForRoot(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("linux"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-r--r--")));
        assertTrue(LinuxHostFacts.resolve(file.toString()).isEmpty());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr--r--"));
        assertEquals(file, LinuxHostFacts.resolve(file.toString()).orElseThrow());
    }
}
