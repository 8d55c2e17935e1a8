package org.mobitopolo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mobitopolo.api.host.HostInfo;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.host.NetInterface;

/** Reads this very machine and checks the answers against the kernel's own files. */
class LinuxHostFactsTest {
    private final HostInfo info = new LinuxHostFacts().read();

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
        assertTrue(info.cpuBusyPercent() >= 0 && info.cpuBusyPercent() <= 100, String.valueOf(info.cpuBusyPercent()));
        assertEquals(3, info.loadAverage().size());
        assertFalse(info.hostname().isEmpty());
    }

    @Test
    void aShippedHypervisorWithoutItsPluginIsUnusableAndNamesTheFeatureThatBringsIt() {
        HypervisorSupport uml = info.hypervisors().get(1);
        assertEquals("uml", uml.type());
        assertFalse(uml.usable());
        assertEquals("no uml plugin is active; install one with feature:install mobitopolo-hypervisor-uml", uml.detail());
        assertEquals("qemu", info.hypervisors().get(0).type());
        assertFalse(info.hypervisors().get(0).usable());
    }
}
