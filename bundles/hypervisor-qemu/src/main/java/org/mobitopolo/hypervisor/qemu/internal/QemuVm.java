package org.mobitopolo.hypervisor.qemu.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.mobitopolo.api.vm.IncomingVm;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.hypervisor.common.AgentLink;
import org.mobitopolo.hypervisor.common.GuestVm;
import org.mobitopolo.hypervisor.common.SpecFile;

/**
 * One QEMU VM: a qcow2 layer over its base disk, and while it runs a QMP connection and a console
 * socket. A VM made from a snapshot also holds the snapshot's memory until its first start.
 */
final class QemuVm extends GuestVm {
    /** Unique among all VMs ever run here: names the VM's sockets and marks its process. */
    final String id;
    final Path base;
    final Path socketDir;
    volatile Qmp qmp;
    /** Set on a VM prepared to receive a running guest from another host, until it has. */
    volatile IncomingVm incoming;
    private SocketChannel console;

    QemuVm(VmSpec spec, String id, Path dir, Path base, Path sockets) {
        super(spec, dir);
        this.id = id;
        this.base = base;
        this.socketDir = sockets.resolve(id);
    }

    @Override
    public void save() throws IOException {
        SpecFile.write(dir.resolve("vm.properties"), spec, Map.of("id", id, "base", base.toString()));
    }

    Path disk() {
        return dir.resolve("disk.qcow2");
    }

    /** The guest memory to resume from at the next start, left by a snapshot. */
    Path memory() {
        return dir.resolve("memory");
    }

    Path qmpSocket() {
        return socketDir.resolve("qmp");
    }

    Path consoleSocket() {
        return socketDir.resolve("console");
    }

    /** The guest agent's serial line ({@code /dev/ttyS1} in the guest). */
    Path agentSocket() {
        return socketDir.resolve("agent");
    }

    /**
     * Connects to the agent's line. Requests are written straight to the channel: a channel's
     * stream would wait for the reader thread's read to end before it wrote (they share a lock).
     */
    @Override
    protected AgentLink openAgent() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(agentSocket()));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        OutputStream requests = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
        return new AgentLink(spec.name(), Channels.newInputStream(ch), requests, ch);
    }

    /** The QMP connection of the running VM. */
    Qmp qmp() {
        Qmp q = qmp;
        if (q == null) {
            throw new IllegalStateException("VM " + spec.name() + " has no QMP connection");
        }
        return q;
    }

    /**
     * Types on the serial console. QEMU feeds the guest's UART from the console socket only as fast
     * as the guest reads, and drops what is left when the client goes, so the connection stays open
     * while the VM runs. QEMU also sends the guest's output there (it is in the log already): a
     * thread drains it, or the guest would stall on a full socket.
     */
    @Override
    public synchronized void type(String line) throws IOException {
        if (console == null || !console.isOpen()) {
            console = SocketChannel.open(StandardProtocolFamily.UNIX);
            console.connect(UnixDomainSocketAddress.of(consoleSocket()));
            SocketChannel ch = console;
            Thread drain = new Thread(() -> drain(ch), "mobitopolo-qemu-console-" + spec.name());
            drain.setDaemon(true);
            drain.start();
        }
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            console.write(buf);
        }
    }

    private static void drain(SocketChannel ch) {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            while (ch.read(sink.clear()) >= 0) {
                // the console log has it
            }
        } catch (IOException e) {
            // the VM or the hypervisor closed the console
        }
    }

    @Override
    protected void processExited() {
        disconnect();
    }

    @Override
    protected void detach() {
        disconnect();
    }

    /** Closes the QMP and console connections; the process runs on if it still does. */
    synchronized void disconnect() {
        Qmp q = qmp;
        qmp = null;
        if (q != null) {
            q.close();
        }
        if (console != null) {
            try {
                console.close();
            } catch (IOException e) {
                // QEMU is gone; nothing to flush
            }
            console = null;
        }
    }
}
