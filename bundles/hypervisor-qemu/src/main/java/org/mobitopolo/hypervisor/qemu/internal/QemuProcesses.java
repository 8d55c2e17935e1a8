package org.mobitopolo.hypervisor.qemu.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.mobitopolo.hypervisor.common.GuestProcesses;
import org.mobitopolo.hypervisor.common.ReadinessWatch;
import org.mobitopolo.hypervisor.common.VmFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host side of QEMU VMs: their processes from launch to exit, driven over QMP. */
final class QemuProcesses extends GuestProcesses<QemuVm> {
    private static final Logger LOG = LoggerFactory.getLogger(QemuProcesses.class);
    private static final Duration QMP_CONNECT = Duration.ofSeconds(10);

    private final QemuGuest guest;
    private final Duration readyTimeout;

    QemuProcesses(QemuGuest guest, Duration readyTimeout) {
        super("qemu");
        this.guest = guest;
        this.readyTimeout = readyTimeout;
    }

    /**
     * Starts the VM's QEMU process {@code binary} with accelerator {@code accel} as {@code spec} says
     * (its NICs' endpoints resolved); the stage completes once the guest says it is ready, or, for a
     * VM resuming a snapshot's memory, once QEMU runs it.
     */
    CompletableFuture<VmInfo> launch(QemuVm vm, VmSpec spec, String binary, String accel) {
        String name = vm.spec.name();
        boolean resume = Files.isRegularFile(vm.memory());
        String incoming = vm.incoming != null ? vm.incoming.memoryUri() : resume ? "exec:cat " + vm.memory() : null;
        List<String> command = QemuCommandLine.of(binary, accel, vm, spec, guest.kernel().toString(),
                guest.initramfs().toString(), incoming);
        try {
            Files.createDirectories(vm.socketDir);
            long offset = vm.consoleOffset();
            Process p = new ProcessBuilder(command)
                    .directory(vm.dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(vm.consoleLog().toFile()))
                    .redirectErrorStream(true)
                    .start();
            vm.stopping = false;
            vm.running(p.toHandle(), System.currentTimeMillis());
            vm.state(VmState.STARTING, "");
            vm.ready = new CompletableFuture<>();
            vm.watch(p.toHandle(), () -> VmFiles.deleteTree(vm.socketDir));
            LOG.info("Started VM {} (pid {}, id {}){}", name, p.pid(), vm.id, resume ? " from saved memory" : "");
            CompletableFuture.runAsync(() -> connect(vm, p.toHandle(), resume, offset), workers);
        } catch (IOException e) {
            vm.state(VmState.FAILED, e.getMessage());
            throw new PlatformException(ErrorCode.FAILED, "cannot start VM " + name + ": " + e.getMessage(), e);
        }
        return vm.ready;
    }

    /** Connects QMP to a launched VM, then waits for it to be ready. */
    private void connect(QemuVm vm, ProcessHandle p, boolean resume, long consoleOffset) {
        try {
            vm.qmp = Qmp.connect(vm.spec.name(), vm.qmpSocket(), QMP_CONNECT, e -> event(vm, e));
            if (!p.isAlive()) {
                vm.disconnect(); // the exit watcher ran before the connection was there to close
            }
            if (vm.incoming != null) {
                // Memory comes over the network, the disk through QEMU's own NBD server.
                URI disk = URI.create(vm.incoming.diskUri());
                vm.qmp().execute("nbd-server-start", Map.of("addr", Map.of("type", "inet",
                        "data", Map.of("host", disk.getHost(), "port", Integer.toString(disk.getPort())))));
                vm.qmp().execute("nbd-server-add", Map.of("device", "disk0", "writable", true));
                vm.state(VmState.STARTING, "receiving from its source host");
                vm.ready.complete(vm.info());
            } else if (resume) {
                awaitResumed(vm);
                Files.deleteIfExists(vm.memory()); // resumed once; from now on the VM boots from its disk
                vm.state(VmState.RUNNING, "");
                vm.ready.complete(vm.info());
            } else {
                new ReadinessWatch(vm, consoleOffset, timer, readyTimeout, () -> kill(vm)).start();
            }
        } catch (IOException | RuntimeException e) {
            if (p.isAlive()) {
                LOG.warn("VM {} could not be brought up ({}); killing it", vm.spec.name(), e.getMessage());
                kill(vm);
                vm.state(VmState.FAILED, e.getMessage());
            }
            vm.ready.completeExceptionally(e);
        }
    }

    /**
     * Waits until QEMU has loaded the saved memory, and runs the guest: a snapshot records the
     * paused state it was taken in, so the loaded guest waits for a {@code cont}.
     */
    private void awaitResumed(QemuVm vm) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (true) {
            String status = vm.qmp().execute("query-status", null).path("status").asText();
            if (status.equals("running")) {
                return;
            }
            if (status.equals("paused") || status.equals("postmigrate")) {
                vm.qmp().execute("cont", null);
            } else if (System.nanoTime() > deadline) {
                throw new PlatformException(ErrorCode.FAILED, "VM " + vm.spec.name() + " did not resume its saved memory in "
                        + readyTimeout.toSeconds() + " s (QEMU status " + status + ")");
            } else {
                Qmp.sleep(20);
            }
        }
    }

    private static void event(QemuVm vm, JsonNode event) {
        LOG.debug("VM {}: {}", vm.spec.name(), event);
    }


    /**
     * Syncs the guest's disks, remounts them read-only and powers it off, with the SysRq keys
     * (no cooperation from the guest needed).
     */
    @Override
    protected void powerOff(QemuVm vm) throws IOException {
        long before = vm.consoleOffset();
        sysrq(vm, "s");
        sysrq(vm, "u");
        awaitConsole(vm, before, "Emergency Remount complete", 5_000);
        sysrq(vm, "o");
    }

    @Override
    public void pause(QemuVm vm) {
        vm.qmp().execute("stop", null);
    }

    @Override
    public void unpause(QemuVm vm) {
        vm.qmp().execute("cont", null);
    }

    private static void sysrq(QemuVm vm, String key) {
        vm.qmp().execute("send-key", Map.of("keys", List.of(
                Map.of("type", "qcode", "data", "alt"),
                Map.of("type", "qcode", "data", "sysrq"),
                Map.of("type", "qcode", "data", key))));
    }

    private static void awaitConsole(QemuVm vm, long offset, String line, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!vm.consoleSince(offset).contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new PlatformException(ErrorCode.FAILED, "VM " + vm.spec.name() + " did not say '" + line + "' in time");
            }
            Qmp.sleep(20);
        }
    }

    /** Takes a VM whose QEMU process outlived the last runtime back under control. */
    void adopt(QemuVm vm) throws IOException {
        Optional<ProcessHandle> p = survivor(vm, "process=qemu-" + vm.id);
        if (p.isEmpty()) {
            return;
        }
        vm.qmp = Qmp.connect(vm.spec.name(), vm.qmpSocket(), QMP_CONNECT, e -> event(vm, e));
        String status = vm.qmp().execute("query-status", null).path("status").asText();
        adopted(vm, p.get(), status.equals("paused") ? VmState.FROZEN : VmState.RUNNING);
        vm.watch(p.get(), () -> VmFiles.deleteTree(vm.socketDir));
    }
}
