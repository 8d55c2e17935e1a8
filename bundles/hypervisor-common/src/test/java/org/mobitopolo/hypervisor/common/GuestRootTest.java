package org.mobitopolo.hypervisor.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default guest's root: what runs inside it runs with nothing from the host. */
class GuestRootTest {
    @Test
    void iperf3RunsInsideTheGuestRootAlone(@TempDir Path root) throws Exception {
        GuestRoot.populate(root, Path.of("/bin/busybox"));
        // chroot: only the guest's own files are there to load
        Process p = new ProcessBuilder("chroot", root.toString(), "/usr/bin/iperf3", "--version")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("iperf 3."), out);
    }
}
