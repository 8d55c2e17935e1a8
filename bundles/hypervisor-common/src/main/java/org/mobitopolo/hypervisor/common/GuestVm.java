package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VM of any hypervisor: its directory, and while it runs its process, console log and state.
 * Every file of a VM lives in its own directory, so a VM survives a restart of the runtime and can
 * be found again.
 */
public abstract class GuestVm {
    private static final Logger LOG = LoggerFactory.getLogger(GuestVm.class);
    /** What the Mobitopolo guests print on their console once they are ready. */
    public static final String READY_MARKER = "MOBITOPOLO-READY";

    /** Changes only when NICs are added or re-pointed. */
    public volatile VmSpec spec;
    public final Path dir;
    /** Set while the platform itself stops the process, so its exit is no crash. */
    public volatile boolean stopping;
    /** Completes when the guest reports ready after a start. */
    public volatile CompletableFuture<VmInfo> ready = CompletableFuture.completedFuture(null);

    private volatile VmState state = VmState.STOPPED;
    private volatile ProcessHandle process;
    private volatile long startedAtMillis;
    private volatile String detail = "";
    /** Gives back what the running process held outside the VM's files (its switch ports). */
    private Runnable release = () -> { };
    private AgentLink agent;
    private final Object stateLock = new Object();
    private volatile StateListener stateListener = (vm, previous, now, why) -> { };

    /** Told of every change of a VM's state, on the thread that made it. */
    @FunctionalInterface
    public interface StateListener {
        void changed(GuestVm vm, VmState previous, VmState now, String why);
    }

    protected GuestVm(VmSpec spec, Path dir) {
        this.spec = spec;
        this.dir = dir;
    }

    /** Writes the VM's definition, so the runtime finds it again after a restart. */
    public abstract void save() throws IOException;

    /** Types a line on the running guest's console, as a user at its keyboard would. */
    public abstract void type(String line) throws IOException;

    /** Opens the host's end of the running guest's agent line (a serial line of its own). */
    protected abstract AgentLink openAgent() throws IOException;

    /** The running guest's agent line, opened at the first command and kept while the process runs. */
    public synchronized AgentLink agent() throws IOException {
        if (agent == null || !agent.isOpen()) {
            agent = openAgent();
        }
        return agent;
    }

    synchronized void closeAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    /** Called once when the VM's process has exited, to close what the hypervisor held open for it. */
    protected void processExited() {
    }

    /** Lets go of a VM that stays running while the plugin stops: closes the connections held to it. */
    protected void detach() {
    }

    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    public Path pidFile() {
        return dir.resolve("pid");
    }

    public VmState state() {
        return state;
    }

    public void state(VmState s, String why) {
        VmState previous;
        synchronized (stateLock) { // not the VM's monitor: agent() holds that during I/O
            previous = state;
            state = s;
            detail = why;
        }
        if (previous != s) {
            stateListener.changed(this, previous, s, why);
        }
    }

    /** Who hears of this VM's state changes from now on (its hypervisor, which posts them as events). */
    public void onStateChange(StateListener listener) {
        stateListener = listener;
    }

    public Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).filter(ProcessHandle::isAlive);
    }

    public synchronized void running(ProcessHandle p, long startedAt) throws IOException {
        process = p;
        startedAtMillis = startedAt;
        detail = "";
        Files.writeString(pidFile(), Long.toString(p.pid()));
    }

    /** What to give back when the process started now exits. */
    public synchronized void onExit(Runnable r) {
        release = r;
    }

    /**
     * Records that process {@code p} has exited; returns {@code false} when that was already
     * recorded, or when the VM has been started again since and runs another process.
     */
    public synchronized boolean exited(ProcessHandle p) {
        if (process == null || process.pid() != p.pid()) {
            return false;
        }
        process = null;
        closeAgent();
        processExited();
        release.run();
        release = () -> { };
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            // a stale pid file is checked against the process command line before it is trusted
        }
        return true;
    }

    /**
     * From now on turns an exit of {@code p} the platform did not ask for into FAILED, with the
     * guest's last words, and fails {@link #ready} if the guest had not got that far.
     * {@code cleanup} runs first, once, when the exit is recorded.
     */
    public void watch(ProcessHandle p, Runnable cleanup) {
        CompletableFuture<VmInfo> starting = ready;
        p.onExit().thenRun(() -> {
            if (exited(p)) {
                cleanup.run();
                if (stopping) {
                    state(VmState.STOPPED, "");
                } else {
                    String last = lastWords(5);
                    state(VmState.FAILED, "process exited unexpectedly; console: " + last);
                    LOG.warn("VM {} died: {}", spec.name(), last);
                }
            }
            starting.completeExceptionally(new PlatformException(ErrorCode.FAILED,
                    "VM " + spec.name() + " exited before it was ready; console: " + lastWords(5)));
        });
    }

    public VmInfo info() {
        ProcessHandle p = process;
        boolean alive = p != null && p.isAlive();
        return new VmInfo(spec, state, alive ? p.pid() : -1,
                alive ? System.currentTimeMillis() - startedAtMillis : 0, alive ? pss(p) : 0, detail);
    }

    /** The console log's size now: where to look for what the guest writes next. */
    public long consoleOffset() {
        return consoleLog().toFile().length();
    }

    /** What the guest wrote on its console after the log had {@code offset} bytes (at most 1 MiB). */
    public String consoleSince(long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(consoleLog().toFile(), "r")) {
            long size = f.length();
            if (size <= offset) {
                return "";
            }
            byte[] fresh = new byte[(int) Math.min(size - offset, 1 << 20)];
            f.seek(offset);
            f.readFully(fresh);
            return new String(fresh, StandardCharsets.UTF_8);
        }
    }

    /**
     * Why the guest died, for the user: from its kernel panic line on if it panicked, otherwise its
     * last {@code n} console lines.
     */
    public String lastWords(int n) {
        List<String> lines = consoleOrError(200);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("Kernel panic")) {
                return String.join(" | ", lines.subList(i, Math.min(lines.size(), i + 2)));
            }
        }
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The last {@code n} console lines, or a line saying why they cannot be read. */
    public List<String> consoleOrError(int n) {
        try {
            return console(n);
        } catch (IOException e) {
            return List.of("(console log unreadable: " + e.getMessage() + ")");
        }
    }

    /** The last {@code n} lines of the console log. */
    public List<String> console(int n) throws IOException {
        Path log = consoleLog();
        if (!Files.exists(log) || n <= 0) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long size = f.length();
            long from = Math.max(0, size - (long) n * 256 - 4096);
            f.seek(from);
            byte[] tail = new byte[(int) (size - from)];
            f.readFully(tail);
            List<String> lines = new ArrayList<>(Arrays.asList(
                    new String(tail, StandardCharsets.UTF_8).replace("\r", "").split("\n")));
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0); // cut mid-line
            }
            lines.removeIf(String::isBlank);
            return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /**
     * Host memory of the VM: the proportional set size of its main process (for UML its helper
     * processes share that address space, so counting them would count the same pages again).
     */
    static long pss(ProcessHandle p) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup")).stream()
                    .filter(l -> l.startsWith("Pss:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .sum();
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended while we looked
        }
    }
}
