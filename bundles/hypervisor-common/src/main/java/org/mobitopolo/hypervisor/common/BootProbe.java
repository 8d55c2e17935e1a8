package org.mobitopolo.hypervisor.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Boots a guest for a moment to learn whether it gets as far as user space here: what a binary's
 * presence cannot tell (a UML kernel that panics at its first user-space instruction on a CPU with
 * a large XSAVE area, a {@code /dev/kvm} that hangs guests).
 */
public final class BootProbe {
    /**
     * @param ok whether the guest printed the marker
     * @param reason why not, in one line (empty when ok)
     * @param millis how long the probe took
     */
    public record Verdict(boolean ok, String reason, long millis) {}

    private record Key(List<String> files) {}

    private static final Map<Key, Verdict> VERDICTS = new ConcurrentHashMap<>();
    private static final Map<Key, String> VERSIONS = new ConcurrentHashMap<>();
    private static final Pattern FAILURE = Pattern.compile("(?i)failed|error|cannot|too few|not found|out of memory");
    private static final Pattern PANIC = Pattern.compile("Kernel panic");
    /** A kernel's stack dump: {@code [<6004f58f>] ...}, rows of hex words, {@code Call Trace:}. */
    private static final Pattern STACK = Pattern.compile("^\\[<|^([0-9a-f]{8,16} ?)+$|^Call Trace|^Stack:");

    private BootProbe() {}

    /**
     * A verdict remembered for as long as the files it was taken on stay the same (path, size and
     * modification time), so a host asks each binary once; a probe that was interrupted is not.
     */
    public static Verdict cached(List<Path> files, Supplier<Verdict> probe) {
        Key key = new Key(files.stream().map(BootProbe::identity).toList());
        Verdict known = VERDICTS.get(key);
        if (known != null) {
            return known;
        }
        Verdict v = probe.get();
        if (!Thread.currentThread().isInterrupted()) {
            VERDICTS.putIfAbsent(key, v);
        }
        return v;
    }

    private static String identity(Path file) {
        try {
            return file.toAbsolutePath() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return file.toAbsolutePath() + ":absent";
        }
    }

    /**
     * Runs {@code command} in {@code dir} until its output holds {@code marker}, it exits, or
     * {@code timeout} passes; then ends it and every process it started (UML's helpers carry the
     * same command line, so those naming {@code dir} go too), and deletes {@code dir}.
     */
    public static Verdict boot(List<String> command, Path dir, String marker, Duration timeout) {
        long t0 = System.nanoTime();
        Path log = dir.resolve("probe.log");
        Process p = null;
        try {
            Files.createDirectories(dir);
            p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(log.toFile()).redirectErrorStream(true).start();
            long deadline = t0 + timeout.toNanos();
            while (true) {
                String out = Files.readString(log, StandardCharsets.ISO_8859_1);
                if (out.contains(marker)) {
                    return new Verdict(true, "", (System.nanoTime() - t0) / 1_000_000);
                }
                if (!p.isAlive()) {
                    // what it wrote after the exit may still be on its way to the file: read once more
                    out = Files.readString(log, StandardCharsets.ISO_8859_1);
                    if (out.contains(marker)) {
                        return new Verdict(true, "", (System.nanoTime() - t0) / 1_000_000);
                    }
                    String why = out.isBlank() ? ", printing nothing" : ": " + telling(out);
                    return new Verdict(false, "exited with " + p.exitValue() + " before user space" + why,
                            (System.nanoTime() - t0) / 1_000_000);
                }
                if (System.nanoTime() > deadline) {
                    return new Verdict(false, "printed nothing from user space within " + timeout.toSeconds() + " s (last words: "
                            + lastLine(out) + ")", (System.nanoTime() - t0) / 1_000_000);
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            return new Verdict(false, "cannot run " + command.get(0) + ": " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(false, "interrupted while probing " + command.get(0), 0);
        } finally {
            if (p != null) {
                String mark = dir.toString();
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                ProcessHandle.allProcesses()
                        .filter(h -> h.info().arguments().map(a -> Stream.of(a).anyMatch(x -> x.contains(mark))).orElse(false))
                        .forEach(ProcessHandle::destroyForcibly);
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            VmFiles.deleteTree(dir);
        }
    }

    /**
     * The lines of a failed boot that say why: its panic and the failure just before it (a boot
     * prints harmless "failed" lines too), or else its last failure or last line.
     */
    static String telling(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty() && !STACK.matcher(l).find()).toList();
        int panic = -1;
        for (int i = 0; i < lines.size() && panic < 0; i++) {
            panic = PANIC.matcher(lines.get(i)).find() ? i : -1;
        }
        String text;
        if (panic >= 0) {
            text = lines.subList(Math.max(0, panic - 3), panic).stream().filter(l -> FAILURE.matcher(l).find())
                    .reduce((a, b) -> b).map(l -> l + "; ").orElse("") + lines.get(panic);
        } else {
            text = lines.stream().filter(l -> FAILURE.matcher(l).find()).reduce((a, b) -> b).orElse(lastLine(output));
        }
        return text.length() > 240 ? text.substring(0, 240) + "…" : text;
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty() && !STACK.matcher(l).find()).toList();
        String last = lines.isEmpty() ? "nothing" : lines.get(lines.size() - 1).replaceAll("\\p{Cntrl}\\[[0-9;?]*[a-zA-Z]", "");
        return last.length() > 160 ? last.substring(0, 160) + "…" : last;
    }

    /** The program's version ({@code --version}, first line), or empty when it cannot tell within two seconds. */
    public static String version(Path binary) {
        return VERSIONS.computeIfAbsent(new Key(List.of(identity(binary))), k -> askVersion(binary));
    }

    private static String askVersion(Path binary) {
        Process p = null;
        try {
            p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                return "";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return out.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    /** A path as given, or a bare name looked up on PATH; only files with an execute bit count. */
    public static Optional<Path> executable(String binary) {
        Stream<Path> candidates = binary.contains("/")
                ? Stream.of(Path.of(binary))
                : Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                        .filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, binary));
        return candidates.filter(BootProbe::isExecutableFile).findFirst();
    }

    /** By the mode bits: {@link Files#isExecutable} says yes to any file when running as root. */
    private static boolean isExecutableFile(Path p) {
        try {
            return Files.isRegularFile(p) && Files.getPosixFilePermissions(p).stream()
                    .anyMatch(perm -> perm.name().endsWith("_EXECUTE"));
        } catch (IOException e) {
            return false;
        }
    }
}
