package org.mobitopolo.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Another Mobitopolo runtime on this host, run as a user runs one: the very archive the build made,
 * unpacked into a temporary directory, configured by editing its {@code etc/} files, started with
 * {@code bin/start} and stopped with {@code bin/stop}. It lives on across stops, on the same data,
 * until {@link #delete()}.
 */
final class SecondRuntime {
    static final String PASSWORD_VARIABLE = "MOBITOPOLO_ADMIN_PASSWORD";
    private static final Duration STOP = Duration.ofSeconds(60);

    private final Path home;
    private final String adminPassword;

    /**
     * A runtime already unpacked in {@code home}; its first start creates the user {@code admin} with
     * {@code adminPassword}.
     */
    SecondRuntime(Path home, String adminPassword) {
        this.home = home;
        this.adminPassword = adminPassword;
    }

    /** Unpacks the distribution archive into a new temporary directory. */
    static SecondRuntime unpack(Path archive, String adminPassword) {
        try {
            Path home = Files.createTempDirectory("mobitopolo-runtime-b");
            run(Duration.ofSeconds(60), "tar", "xzf", archive.toString(), "-C", home.toString(), "--strip-components=1");
            return new SecondRuntime(home, adminPassword);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path home() {
        return home;
    }

    String adminPassword() {
        return adminPassword;
    }

    /** Sets {@code key} in a properties file under {@code etc/}: replaces its line, else appends one. */
    void configure(String file, String key, String value) {
        Path cfg = home.resolve("etc").resolve(file);
        try {
            List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg)) : new ArrayList<>();
            Pattern line = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*");
            String entry = key + " = " + value;
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                if (line.matcher(lines.get(i)).matches()) {
                    lines.set(i, entry);
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(entry);
            }
            Files.write(cfg, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void configure(String file, Map<String, String> entries) {
        entries.forEach((key, value) -> configure(file, key, value));
    }

    /** {@code bin/start}: returns once the script has forked the runtime, which then boots on its own. */
    void start() {
        run(Duration.ofSeconds(30), Map.of(PASSWORD_VARIABLE, adminPassword), home.resolve("bin/start").toString());
    }

    /**
     * {@code bin/stop}, then waits until no process of this runtime is left: its Karaf, anything started
     * from its directory and their children. Kills what is still there after a minute. Quiet when it
     * was not running.
     */
    void stop() {
        List<ProcessHandle> family = new ArrayList<>(processes());
        family.addAll(family.stream().flatMap(ProcessHandle::descendants).toList());
        if (!family.isEmpty()) {
            try {
                run(STOP, home.resolve("bin/stop").toString());
            } catch (IllegalStateException notListening) {
                // no shutdown port (still booting, or dying): what is left is killed below
            }
        }
        Instant deadline = Instant.now().plus(STOP);
        while ((family.stream().anyMatch(ProcessHandle::isAlive) || !processes().isEmpty()) && Instant.now().isBefore(deadline)) {
            MobitopoloTestSupport.pause(Duration.ofMillis(100));
        }
        family.addAll(processes());
        List<ProcessHandle> left = family.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        if (!left.isEmpty()) {
            throw new IllegalStateException("the runtime in " + home + " did not stop within " + STOP + "; killed " + left);
        }
    }

    /** Whether a process of this runtime runs. */
    boolean running() {
        return !processes().isEmpty();
    }

    /** Stops it if it runs, then deletes its directory. */
    void delete() {
        try {
            stop();
        } finally {
            run(Duration.ofSeconds(60), "rm", "-rf", home.toString());
        }
    }

    /** The last lines of its log, for a failure's message. */
    String logTail(int lines) {
        Path log = home.resolve("data/log/karaf.log");
        try {
            if (!Files.exists(log)) {
                return "(no " + log + ")";
            }
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + log + ": " + e.getMessage() + ")";
        }
    }

    /** Its processes: those whose command line names a file in its directory (Karaf's does: karaf.home). */
    private List<ProcessHandle> processes() {
        Pattern named = Pattern.compile("(^|[\\s=:])" + Pattern.quote(home.toString()) + "($|[\\s/:])");
        long self = ProcessHandle.current().pid();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() != self)
                    .filter(p -> p.info().commandLine().map(c -> named.matcher(c).find()).orElse(false))
                    .toList();
        }
    }

    private static void run(Duration timeout, String... command) {
        run(timeout, Map.of(), command);
    }

    /** Runs a command to its end; output to a file, not a pipe, since a forked runtime may keep it open. */
    private static void run(Duration timeout, Map<String, String> environment, String... command) {
        try {
            Path output = Files.createTempFile("mobitopolo-runtime-b", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                Process p = builder.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                            + Files.readString(output));
                }
            } finally {
                Files.delete(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
