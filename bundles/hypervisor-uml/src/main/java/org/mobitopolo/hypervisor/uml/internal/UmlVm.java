package org.mobitopolo.hypervisor.uml.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.mobitopolo.api.vm.VmInfo;
import org.mobitopolo.api.vm.VmSpec;
import org.mobitopolo.api.vm.VmState;

/**
 * One UML VM: its files, and while it runs its process, console and state. Every file of a VM lives
 * in its own directory, so a VM survives a restart of the runtime and can be found again.
 */
final class UmlVm {
    static final String READY_MARKER = "MOBITOPOLO-READY";

    /** Changes only when NICs are added or re-pointed. */
    volatile VmSpec spec;
    final String umid;
    final Path dir;
    final Path base;

    private volatile VmState state = VmState.STOPPED;
    private volatile ProcessHandle process;
    private volatile long startedAtMillis;
    private volatile String detail = "";
    /** Set while the platform itself stops the process, so its exit is no crash. */
    volatile boolean stopping;
    /** Completes when the guest reports ready after a start. */
    volatile CompletableFuture<VmInfo> ready = CompletableFuture.completedFuture(null);
    private RandomAccessFile consoleIn;
    /** Gives back what the running process held outside the VM's files (its switch ports). */
    private Runnable release = () -> { };

    UmlVm(VmSpec spec, String umid, Path dir, Path base) {
        this.spec = spec;
        this.umid = umid;
        this.dir = dir;
        this.base = base;
    }

    /** Writes the VM's definition, so the runtime finds it again after a restart. */
    void save() throws IOException {
        SpecFile.write(dir.resolve("vm.properties"), spec, Map.of("umid", umid, "base", base.toString()));
    }

    Path cow() {
        return dir.resolve("disk.cow");
    }

    Path consoleLog() {
        return dir.resolve("console.log");
    }

    Path consoleFifo() {
        return dir.resolve("console.in");
    }

    Path pidFile() {
        return dir.resolve("pid");
    }

    VmState state() {
        return state;
    }

    Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).filter(ProcessHandle::isAlive);
    }

    synchronized void running(ProcessHandle p, long startedAt) throws IOException {
        process = p;
        startedAtMillis = startedAt;
        detail = "";
        Files.writeString(pidFile(), Long.toString(p.pid()));
    }

    /** What to give back when the process started now exits. */
    synchronized void onExit(Runnable r) {
        release = r;
    }

    void state(VmState s, String why) {
        state = s;
        detail = why;
    }

    /**
     * Records that process {@code p} has exited; returns {@code false} when that was already
     * recorded, or when the VM has been started again since and runs another process.
     */
    synchronized boolean exited(ProcessHandle p) {
        if (process == null || process.pid() != p.pid()) {
            return false;
        }
        process = null;
        closeConsoleInput();
        release.run();
        release = () -> { };
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            // a stale pid file is checked against the process command line before it is trusted
        }
        return true;
    }

    VmInfo info() {
        ProcessHandle p = process;
        boolean alive = p != null && p.isAlive();
        return new VmInfo(spec, state, alive ? p.pid() : -1,
                alive ? System.currentTimeMillis() - startedAtMillis : 0, alive ? pss(p) : 0, detail);
    }

    /** Opens the console's input for writing without waiting for UML: read-write never blocks on a FIFO. */
    synchronized void openConsoleInput() throws IOException {
        if (consoleIn == null) {
            consoleIn = new RandomAccessFile(consoleFifo().toFile(), "rw");
        }
    }

    synchronized void type(String line) throws IOException {
        openConsoleInput();
        consoleIn.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void closeConsoleInput() {
        if (consoleIn != null) {
            try {
                consoleIn.close();
            } catch (IOException e) {
                // nothing left to flush to a VM that has exited
            }
            consoleIn = null;
        }
    }

    /** What the guest wrote on its console after the log had {@code offset} bytes (at most 1 MiB). */
    String consoleSince(long offset) throws IOException {
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
    String lastWords(int n) {
        List<String> lines = consoleOrError(200);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("Kernel panic")) {
                return String.join(" | ", lines.subList(i, Math.min(lines.size(), i + 2)));
            }
        }
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The last {@code n} console lines, or a line saying why they cannot be read. */
    List<String> consoleOrError(int n) {
        try {
            return console(n);
        } catch (IOException e) {
            return List.of("(console log unreadable: " + e.getMessage() + ")");
        }
    }

    /** The last {@code n} lines of the console log. */
    List<String> console(int n) throws IOException {
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
     * Host memory of the VM: the proportional set size of UML's main process. Its helper processes
     * share its address space, and the guest's RAM file is mapped there, so counting them would
     * count the same pages again.
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
