package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of a hypervisor's VMs: their processes from launch to exit, and the threads that
 * watch and stop them. The plugins add how their processes start and halt.
 */
public abstract class GuestProcesses<V extends GuestVm> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuestProcesses.class);

    /** Polls for readiness; kept free of anything that blocks. */
    protected final ScheduledExecutorService timer;
    /** Runs what blocks for seconds (halting, restoring), so the timer stays free for readiness checks. */
    protected final ExecutorService workers;

    protected GuestProcesses(String kind) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mobitopolo-" + kind));
        workers = Executors.newCachedThreadPool(r -> daemon(r, "mobitopolo-" + kind + "-worker"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Asks the guest to flush its disks and power off; {@link #halt} waits for the exit. */
    protected abstract void powerOff(V vm) throws IOException;

    /** Freezes a running guest's CPUs. */
    public abstract void pause(V vm);

    /** Lets a frozen guest's CPUs run again. */
    public abstract void unpause(V vm);

    /** A VM's host processes besides its main one, which outlive it and must go with it (UML's helpers). */
    protected Stream<ProcessHandle> helpers(V vm) {
        return Stream.empty();
    }

    /** Halts the guest cleanly, killing it if it does not exit in time; returns once it has exited. */
    public void halt(V vm) {
        vm.stopping = true;
        Optional<ProcessHandle> p = vm.process();
        if (p.isEmpty()) {
            return;
        }
        try {
            if (vm.state() == VmState.FROZEN) {
                unpause(vm);
            }
            powerOff(vm);
            p.get().onExit().get(10, TimeUnit.SECONDS);
            vm.exited(p.get());
            killHelpers(vm); // also when the exit watcher saw the exit first: a halt returns once they are gone
            vm.state(VmState.STOPPED, ""); // whichever of us and the exit watcher saw the exit first
        } catch (RuntimeException | IOException | ExecutionException | TimeoutException e) {
            LOG.warn("VM {} did not halt cleanly ({}); killing it", vm.spec.name(), e.getMessage());
            kill(vm);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(vm);
        }
    }

    /** Halts the guest cleanly on a worker thread. */
    public CompletableFuture<VmInfo> stop(V vm) {
        return CompletableFuture.supplyAsync(() -> {
            halt(vm);
            LOG.info("Stopped VM {}", vm.spec.name());
            return vm.info();
        }, workers);
    }

    /** Kills the VM's processes at once. */
    public void kill(V vm) {
        vm.stopping = true;
        vm.process().ifPresent(p -> {
            killProcess(vm, p);
            vm.exited(p);
            vm.state(VmState.STOPPED, "");
        });
    }

    private void killProcess(V vm, ProcessHandle p) {
        killHelpers(vm);
        p.destroyForcibly();
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("process {} of VM {} survived SIGKILL for 5 s", p.pid(), vm.spec.name());
        }
    }

    /** Kills the VM's helpers and waits until they are gone (5 s at most): they hold its disk and memory. */
    protected void killHelpers(V vm) {
        List<ProcessHandle> helpers = helpers(vm).toList();
        helpers.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : helpers) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("helper process {} of VM {} survived SIGKILL for 5 s", h.pid(), vm.spec.name());
            }
        }
    }

    /**
     * The process of a VM that outlived the last runtime: the one its pid file names, if it still
     * runs and its command line carries {@code mark} (pids are reused). A stale pid file is removed.
     */
    protected static Optional<ProcessHandle> survivor(GuestVm vm, String mark) throws IOException {
        if (!Files.exists(vm.pidFile())) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readString(vm.pidFile()).strip());
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(h -> carries(h, mark));
        if (p.isEmpty()) {
            Files.deleteIfExists(vm.pidFile());
        }
        return p;
    }

    /**
     * The processes whose command line contains {@code mark}, from {@code /proc/PID/cmdline} alone:
     * {@link ProcessHandle#info()} reads four files per process, and a host with a hundred UML VMs
     * has several hundred processes to look through at each VM's exit.
     */
    protected static Stream<ProcessHandle> carrying(String mark) {
        byte[] wanted = mark.getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path pid : proc) {
                try {
                    if (contains(Files.readAllBytes(pid.resolve("cmdline")), wanted)) {
                        ProcessHandle.of(Long.parseLong(pid.getFileName().toString())).ifPresent(found::add);
                    }
                } catch (IOException | NumberFormatException goneOrNotAProcess) {
                    // it exited while we looked
                }
            }
        } catch (IOException noProc) {
            return ProcessHandle.allProcesses().filter(h -> carries(h, mark));
        }
        return found.stream();
    }

    private static boolean contains(byte[] text, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= text.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (text[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether one of the process's arguments contains {@code mark}. */
    protected static boolean carries(ProcessHandle h, String mark) {
        return h.info().arguments().map(a -> Stream.of(a).anyMatch(x -> x.contains(mark))).orElse(false);
    }

    /** Records a running survivor as the VM's process again. */
    protected static void adopted(GuestVm vm, ProcessHandle p, VmState state) throws IOException {
        vm.running(p, p.info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis()));
        vm.state(state, "");
        LOG.info("Found VM {} still running (pid {})", vm.spec.name(), p.pid());
    }

    /** The threads that may block for seconds, for work of the plugin's own. */
    public ExecutorService workers() {
        return workers;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
