package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.hypervisor.common.AgentLink;
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

    /** What the guest agent reads: the host writes its requests here (the guest's {@code /dev/ttyS0}). */
    Path agentRequests() {
        return dir.resolve("agent.in");
    }

    /** What the guest agent writes its answers to. */
    Path agentAnswers() {
        return dir.resolve("agent.out");
    }

    /** The FIFOs UML reads and writes besides its disks: the console's input and the agent line. */
    List<Path> fifos() {
        return List.of(consoleFifo(), agentRequests(), agentAnswers());
    }

    /**
     * Opens both FIFOs of the agent line read-write, which never blocks on a FIFO (the UML process may
     * have just exited). Reads go through a channel: closing it when the process exits wakes the
     * reader, which a plain stream would not.
     */
    @Override
    protected AgentLink openAgent() throws IOException {
        RandomAccessFile requests = new RandomAccessFile(agentRequests().toFile(), "rw");
        FileChannel answers;
        try {
            answers = new RandomAccessFile(agentAnswers().toFile(), "rw").getChannel();
        } catch (IOException e) {
            requests.close();
            throw e;
        }
        return new AgentLink(spec.name(), Channels.newInputStream(answers), Channels.newOutputStream(requests.getChannel()), () -> {
            try (requests; answers) {
                // both closed
            }
        });
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
