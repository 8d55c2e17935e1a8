package org.mobitopolo.hypervisor.uml.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.mobitopolo.hypervisor.common.GuestProcesses;
import org.mobitopolo.hypervisor.common.ReadinessWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of UML VMs: their processes, from launch to exit, and the mconsole through which
 * they are frozen, flushed and halted.
 */
final class UmlProcesses extends GuestProcesses<UmlVm> {
    private static final Logger LOG = LoggerFactory.getLogger(UmlProcesses.class);
    private static final Duration MCONSOLE_TIMEOUT = Duration.ofSeconds(5);
    /** How long the disk layer must stay untouched before a flush counts as done. */
    private static final long QUIET_NANOS = 300_000_000L;

    private final Path socketDir;
    private final Duration readyTimeout;
    private final EventLoopGroup eventLoop = new EpollEventLoopGroup(1);
    private final Mconsole mconsole;

    UmlProcesses(Path socketDir, Duration readyTimeout) {
        super("uml");
        this.socketDir = socketDir;
        this.readyTimeout = readyTimeout;
        try {
            Files.createDirectories(socketDir);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot create " + socketDir + ": " + e.getMessage(), e);
        }
        this.mconsole = new Mconsole(eventLoop, socketDir);
    }

    /**
     * Starts the VM's UML process on {@code kernel} as {@code spec} says (its NICs' endpoints
     * resolved); the stage completes once the guest says it is ready.
     */
    CompletableFuture<VmInfo> launch(UmlVm vm, VmSpec spec, Path kernel) {
        String name = vm.spec.name();
        List<String> command = UmlCommandLine.withAgentLine(UmlCommandLine.of(kernel, spec, vm.umid, socketDir, vm.base,
                vm.cow()), vm.agentRequests(), vm.agentAnswers());
        try {
            GuestImages.mkfifos(vm.fifos()); // for a VM defined before guests had agents
            long offset = vm.consoleOffset();
            vm.openConsoleInput();
            Process p = new ProcessBuilder(command)
                    .directory(vm.dir.toFile())
                    .redirectInput(vm.consoleFifo().toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(vm.consoleLog().toFile()))
                    .redirectErrorStream(true)
                    .start();
            vm.stopping = false;
            vm.running(p.toHandle(), System.currentTimeMillis());
            vm.state(VmState.STARTING, "");
            vm.ready = new CompletableFuture<>();
            watchExit(vm, p.toHandle());
            new ReadinessWatch(vm, offset, timer, readyTimeout, () -> kill(vm)).start();
            LOG.info("Started VM {} (pid {}, umid {})", name, p.pid(), vm.umid);
        } catch (IOException e) {
            vm.state(VmState.FAILED, e.getMessage());
            throw new PlatformException(ErrorCode.FAILED, "cannot start VM " + name + ": " + e.getMessage(), e);
        }
        return vm.ready;
    }


    private void watchExit(UmlVm vm, ProcessHandle p) {
        vm.watch(p, () -> killHelpers(vm));
    }

    /**
     * Flushes the guest's disks, remounts them read-only (so the file systems are clean, as after a
     * shutdown: a halt is a power cut to the guest) and halts it.
     */
    @Override
    protected void powerOff(UmlVm vm) {
        flush(vm);
        sysrq(vm, 'u', "Emergency Remount complete");
        command(vm, "halt");
    }

    /**
     * Flushes the guest's disks, then freezes it and waits for its last writes to land: a frozen UML
     * guest's disk layer is what it had written, so it may be copied as it is (a snapshot, a move's
     * last round, one node of a distributed snapshot).
     */
    @Override
    public void pause(UmlVm vm) {
        flush(vm);
        command(vm, "stop");
        awaitDiskQuiet(vm);
    }

    @Override
    public void unpause(UmlVm vm) {
        command(vm, "go");
    }

    /** UML's helper processes outlive a main process that was killed; they hold the guest's memory. */
    @Override
    protected Stream<ProcessHandle> helpers(UmlVm vm) {
        // found by the VM's unique umid on their command lines
        return carrying(vm.mark());
    }

    /**
     * Makes what the guest wrote reach its disk layer. SysRq s only starts writeback ("Emergency
     * Sync complete" does not mean written), so after it we also wait until the guest's writes to
     * the copy-on-write file have stopped for a moment. A sync run by the guest itself would be
     * exact; this needs no cooperation from the guest.
     */
    private void flush(UmlVm vm) {
        sysrq(vm, 's', "Emergency Sync complete");
    }

    /** A SysRq key, then waits until the guest says it is done and its disk layer is quiet (5 s at most). */
    private void sysrq(UmlVm vm, char key, String done) {
        long before = vm.consoleOffset();
        command(vm, "sysrq " + key);
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (!vm.consoleSince(before).contains(done)) {
                tick(vm, deadline);
            }
            awaitDiskQuiet(vm, deadline);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot read VM " + vm.spec.name() + "'s console", e);
        }
    }

    /**
     * Waits until the VM's copy-on-write file has not changed for a moment: writes the guest had
     * under way when it was frozen or flushed still land on the host.
     */
    private void awaitDiskQuiet(UmlVm vm) {
        awaitDiskQuiet(vm, System.nanoTime() + 5_000_000_000L);
    }

    private static void awaitDiskQuiet(UmlVm vm, long deadline) {
        long lastChange = System.nanoTime();
        long lastModified = vm.cow().toFile().lastModified();
        while (System.nanoTime() - lastChange < QUIET_NANOS) {
            tick(vm, deadline);
            long modified = vm.cow().toFile().lastModified();
            if (modified != lastModified) {
                lastModified = modified;
                lastChange = System.nanoTime();
            }
        }
    }

    private static void tick(UmlVm vm, long deadline) {
        if (System.nanoTime() > deadline) {
            throw new PlatformException(ErrorCode.FAILED, "VM " + vm.spec.name() + " did not finish flushing its disks in 5 s");
        }
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted while flushing " + vm.spec.name(), e);
        }
    }

    /** Sends an mconsole command to a running VM and returns its answer. */
    String command(UmlVm vm, String command) {
        Path socket = socketDir.resolve(vm.umid).resolve("mconsole");
        try {
            return mconsole.send(socket, command, MCONSOLE_TIMEOUT).get();
        } catch (ExecutionException e) {
            throw new PlatformException(ErrorCode.FAILED, "VM " + vm.spec.name() + " refused '" + command + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted talking to VM " + vm.spec.name(), e);
        }
    }

    /** Takes a VM whose UML process outlived the last runtime back under control. */
    void adopt(UmlVm vm) throws IOException {
        Optional<ProcessHandle> p = survivor(vm, vm.mark());
        if (p.isPresent()) {
            adopted(vm, p.get(), VmState.RUNNING);
            vm.openConsoleInput();
            watchExit(vm, p.get());
        }
    }

    @Override
    public void close() {
        super.close();
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
