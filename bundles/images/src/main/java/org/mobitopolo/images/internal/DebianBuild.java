package org.mobitopolo.images.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mobitopolo.api.image.BuildPhase;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * One image build, start to end: {@code mmdebstrap} installs the packages into a root tree in the work
 * directory, the guest conventions are written into it, and {@code mke2fs -d} makes it an ext4 image
 * (no loop mount). Whatever happens, the tree goes; a failure takes the image file too.
 *
 * <p>mmdebstrap runs in {@code unshare} mode. As root (Karaf runs as root here) that gives the build
 * a mount namespace of its own and correct ownership: the mounts it makes (the chroot's {@code /proc},
 * the bind mount of the cache of .debs) vanish with its processes, even when it is killed. Its
 * {@code root} mode would leave them on the host after a kill.
 */
final class DebianBuild {
    /** What a build reports as it goes. */
    interface Progress {
        void phase(BuildPhase phase);

        void line(String line);

        void sizes(long treeBytes, long downloadedBytes, long imageBytes);
    }

    /**
     * @param mmdebstrap the program; {@code mke2fs} likewise
     * @param mirror the Debian mirror packages come from
     * @param debs the cache of .debs kept between builds
     * @param work where build trees live while they are made
     * @param timeout how long one build may take
     */
    record Settings(Path mmdebstrap, Path mke2fs, String suite, String mirror, Path debs, Path work, Duration timeout) {}

    private static final Duration SAMPLE = Duration.ofSeconds(2);
    private static final String ARCHIVES = "\"$1/var/cache/apt/archives\"";

    private final Settings settings;
    private final String id;
    private final BuildRecipe recipe;
    private final byte[] init;
    private final int sizeMb;
    private final Progress progress;
    private volatile Process process;
    private volatile boolean cancelled;

    /** @param init the {@code /init} the image gets: the one its recipe's key was made from */
    DebianBuild(Settings settings, String id, BuildRecipe recipe, byte[] init, int sizeMb, Progress progress) {
        this.settings = settings;
        this.id = id;
        this.recipe = recipe;
        this.init = init;
        this.sizeMb = sizeMb;
        this.progress = progress;
    }

    /** Builds the image into {@code target}, a hidden file in an image directory; returns its size. */
    long build(Path target) throws IOException {
        Path dir = settings.work().resolve(id);
        Path root = dir.resolve("root");
        Instant deadline = Instant.now().plus(settings.timeout());
        boolean done = false;
        try {
            Files.createDirectories(root);
            Files.createDirectories(settings.debs().resolve("partial"));
            progress.phase(BuildPhase.BOOTSTRAP);
            long debsBefore = Trees.size(settings.debs());
            long[] downloaded = {0};
            run(mmdebstrap(root), "mmdebstrap", deadline, () -> {
                downloaded[0] = Math.max(0, Trees.size(settings.debs()) - debsBefore);
                progress.sizes(Trees.size(root), downloaded[0], 0);
            });
            progress.phase(BuildPhase.CONVENTIONS);
            GuestConventions.write(root, recipe, init);
            long tree = Trees.size(root);
            long mb = BuildRecipe.sizeMb(sizeMb, tree);
            progress.sizes(tree, downloaded[0], 0);
            progress.line("making a " + mb + " MiB ext4 image of " + tree / (1 << 20) + " MiB of files");
            progress.phase(BuildPhase.FILESYSTEM);
            run(mke2fs(root, target, mb), "mke2fs", deadline, () -> { });
            long image = Files.size(target);
            progress.sizes(tree, downloaded[0], image);
            done = true;
            return image;
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
            Trees.delete(dir);
        }
    }

    /** Stops the build: its running program is killed, and {@link #build} fails. */
    void cancel() {
        cancelled = true;
        Process p = process;
        if (p != null) {
            kill(p);
        }
    }

    List<String> mmdebstrap(Path root) {
        String debs = settings.debs().toString();
        return List.of(settings.mmdebstrap().toString(), "--mode=unshare", "--variant=essential", "--format=directory",
                "--include=" + String.join(",", recipe.includes()),
                "--aptopt=Acquire::Retries \"3\"",
                // the cache is used in place, not copied in and out: .debs fetched once serve every later build
                "--skip=essential/unlink",
                "--setup-hook=mkdir -p " + ARCHIVES + " && mount -o bind '" + debs + "' " + ARCHIVES,
                "--customize-hook=umount " + ARCHIVES,
                recipe.suite(), root.toString(), settings.mirror());
    }

    List<String> mke2fs(Path root, Path target, long mb) {
        // inode tables and journal written now, not by the guest's first minutes (lazy init would dirty its layer)
        return List.of(settings.mke2fs().toString(), "-q", "-F", "-t", "ext4", "-b", "4096", "-i", "8192",
                "-L", GuestConventions.LABEL, "-U", recipe.uuid().toString(),
                "-E", "lazy_itable_init=0,lazy_journal_init=0", "-d", root.toString(), target.toString(), mb + "M");
    }

    /** Runs a program to its end, each line of its output reported; {@code sample} every two seconds meanwhile. */
    private void run(List<String> command, String what, Instant deadline, Runnable sample) throws IOException {
        if (cancelled) {
            throw new PlatformException(ErrorCode.FAILED, "the build was cancelled");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().remove("TMPDIR");
        Process p = pb.start();
        process = p;
        List<String> errors = new ArrayList<>();
        String[] last = {""};
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String l = line.strip();
                    if (!l.isEmpty()) {
                        synchronized (errors) {
                            if (l.startsWith("E: ")) {
                                errors.add(l.substring(3));
                            }
                            last[0] = l;
                        }
                        progress.line(l);
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }, "mobitopolo-image-build-" + what);
        reader.setDaemon(true);
        reader.start();
        try {
            while (!p.waitFor(SAMPLE.toMillis(), TimeUnit.MILLISECONDS)) {
                sample.run();
                if (cancelled) {
                    kill(p);
                    throw new PlatformException(ErrorCode.FAILED, "the build was cancelled");
                }
                if (Instant.now().isAfter(deadline)) {
                    kill(p);
                    throw new PlatformException(ErrorCode.FAILED, "the build took longer than " + settings.timeout().toMinutes()
                            + " minutes (buildTimeoutMinutes of org.mobitopolo.images) and was stopped during " + what);
                }
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            throw new PlatformException(ErrorCode.FAILED, "the build was interrupted during " + what, e);
        } finally {
            process = null;
        }
        sample.run();
        if (cancelled) {
            throw new PlatformException(ErrorCode.FAILED, "the build was cancelled");
        }
        if (p.exitValue() != 0) {
            String why;
            synchronized (errors) {
                // apt's own complaint ("Unable to locate package x") comes first, mmdebstrap's summary after it
                why = errors.isEmpty() ? last[0] : errors.get(0);
            }
            throw new PlatformException(ErrorCode.FAILED, what + " failed (exit " + p.exitValue() + "): " + why);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

}
