package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.hypervisor.common.GuestVm;
import org.mobitopolo.hypervisor.common.SpecFile;

/** One UML VM: a copy-on-write layer over its base image, and a FIFO its console reads from. */
final class UmlVm extends GuestVm {
    final String umid;
    final Path base;
    private RandomAccessFile consoleIn;

    UmlVm(VmSpec spec, String umid, Path dir, Path base) {
        super(spec, dir);
        this.umid = umid;
        this.base = base;
    }

    @Override
    public void save() throws IOException {
        SpecFile.write(dir.resolve("vm.properties"), spec, Map.of("umid", umid, "base", base.toString()));
    }

    /** What marks this VM's host processes: its umid, unique among all VMs ever run here. */
    String mark() {
        return "umid=" + umid;
    }

    Path cow() {
        return dir.resolve("disk.cow");
    }

    Path consoleFifo() {
        return dir.resolve("console.in");
    }

    /** Opens the console's input for writing without waiting for UML: read-write never blocks on a FIFO. */
    synchronized void openConsoleInput() throws IOException {
        if (consoleIn == null) {
            consoleIn = new RandomAccessFile(consoleFifo().toFile(), "rw");
        }
    }

    @Override
    public synchronized void type(String line) throws IOException {
        openConsoleInput();
        consoleIn.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected synchronized void processExited() {
        if (consoleIn != null) {
            try {
                consoleIn.close();
            } catch (IOException e) {
                // nothing left to flush to a VM that has exited
            }
            consoleIn = null;
        }
    }
}
