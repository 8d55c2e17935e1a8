package org.mobitopolo.images.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.mobitopolo.api.image.BuildPhase;
import org.mobitopolo.api.image.BuildState;
import org.mobitopolo.api.image.ImageBuildRequest;
import org.mobitopolo.api.image.ImageBuildStatus;
import org.mobitopolo.api.image.ImageInfo;
import org.mobitopolo.api.image.ImageKind;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The builds of the library: checked when asked for, answered from the library when an image of the
 * same recipe is there (its ext4 UUID is the recipe's key), otherwise queued and run one at a time
 * ({@link DebianBuild}), the image moved into the library whole once made. The latest build of each
 * name is kept in memory with its last lines, for status and followers.
 */
final class ImageBuilds {
    private static final Logger LOG = LoggerFactory.getLogger(ImageBuilds.class);
    static final int LOG_LINES = 20;
    private static final int KEEP_ENDED = 50;

    private final ImageStore store;
    private final byte[] init;
    /** Told each change of a build, with the newest line (or null). */
    private final BiConsumer<ImageBuildStatus, String> events;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mobitopolo-image-build");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, TrackedBuild> builds = new LinkedHashMap<>();
    private volatile DebianBuild.Settings settings;
    /** Why builds are refused (a bad configuration), or empty. */
    private volatile String disabled = "";
    private volatile boolean closed;

    /** @param init the {@code /init} images get; part of their recipes' keys */
    ImageBuilds(ImageStore store, byte[] init, BiConsumer<ImageBuildStatus, String> events) {
        this.store = store;
        this.init = init.clone();
        this.events = events;
    }

    /** Takes new settings for the builds from now on; trees a crash left in the work directory go. */
    void configure(DebianBuild.Settings s) {
        boolean first = settings == null;
        settings = s;
        disabled = "";
        if (first) {
            try {
                Files.createDirectories(s.work());
                try (var left = Files.list(s.work())) {
                    for (Path p : left.toList()) {
                        LOG.info("Removing {}, left by a build cut off", p);
                        Trees.delete(p);
                    }
                }
            } catch (IOException e) {
                LOG.warn("Cannot clean the image builds' work directory {}: {}", s.work(), e.getMessage());
            }
        }
    }

    /** Refuses builds from now on, saying why, until a good configuration comes. */
    void disable(String why) {
        disabled = why;
    }

    ImageBuildStatus build(ImageBuildRequest request) {
        DebianBuild.Settings s = settings;
        if (s == null || !disabled.isEmpty()) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "image builds are off: " + (disabled.isEmpty() ? "not configured" : disabled));
        }
        String name = request.name();
        ImageStore.checkName(name);
        BuildRecipe.checkSize(request.sizeMb());
        BuildRecipe recipe = BuildRecipe.of(s.suite(), request.packages(), init);
        synchronized (builds) {
            if (closed) {
                throw new PlatformException(ErrorCode.UNAVAILABLE, "the image library is stopping");
            }
            TrackedBuild before = builds.get(name);
            if (before != null && !before.ended()) {
                throw new PlatformException(ErrorCode.CONFLICT, "image " + name + " is being built already ("
                        + before.status().phase().name().toLowerCase() + "); follow it with GET /images/" + name + "/build");
            }
            TrackedBuild build = new TrackedBuild(name + "-" + UUID.randomUUID().toString().substring(0, 8), name, recipe, events);
            Optional<Path> taken = store.entry(name);
            if (taken.isPresent()) {
                if (!madeFrom(taken.get(), recipe, request.sizeMb())) {
                    throw new PlatformException(ErrorCode.CONFLICT, "an image named " + name + " exists already and was not built "
                            + "from these packages; delete it first, or build under another name");
                }
                build.reused(name, size(taken.get()));
            } else {
                Optional<ImageInfo> same = sameRecipe(recipe, request.sizeMb());
                if (same.isPresent()) {
                    link(same.get(), name, build.id);
                    build.reused(same.get().name(), same.get().sizeBytes());
                } else {
                    checkCanBuild(s);
                }
            }
            builds.remove(name);
            builds.put(name, build);
            forgetOld();
            if (build.ended()) {
                LOG.info("Image {}: the library has it from the same packages already ({})", name, build.status().cachedFrom());
                return build.status();
            }
            events.accept(build.status(), null);
            runner.execute(() -> run(build, s, request.sizeMb()));
            return build.status();
        }
    }

    Optional<ImageBuildStatus> status(String name) {
        synchronized (builds) {
            return Optional.ofNullable(builds.get(name)).map(TrackedBuild::status);
        }
    }

    List<ImageBuildStatus> builds() {
        synchronized (builds) {
            return builds.values().stream().map(TrackedBuild::status)
                    .sorted(Comparator.comparing((ImageBuildStatus b) -> b.state() != BuildState.RUNNING)
                            .thenComparing(Comparator.comparingLong(ImageBuildStatus::startedMillis).reversed()))
                    .toList();
        }
    }

    CompletionStage<ImageBuildStatus> completion(String name) {
        synchronized (builds) {
            TrackedBuild build = builds.get(name);
            if (build == null) {
                throw new PlatformException(ErrorCode.NOT_FOUND, "no build of image " + name + " since this runtime started");
            }
            return build.done.minimalCompletionStage();
        }
    }

    /** Stops the running build and fails the queued ones; nothing of them stays. */
    void close() {
        List<TrackedBuild> open;
        synchronized (builds) {
            closed = true;
            open = builds.values().stream().filter(b -> !b.ended()).toList();
        }
        open.forEach(b -> b.cancel("the image library stopped"));
        runner.shutdownNow();
    }

    private void run(TrackedBuild build, DebianBuild.Settings s, int sizeMb) {
        if (build.ended()) {
            return; // cancelled while queued
        }
        Path target = store.buildFile(build.id);
        long t0 = System.nanoTime();
        try {
            LOG.info("Building image {} from {} packages of Debian {}: {}", build.name, build.recipe.packages().size(),
                    s.suite(), build.recipe.packages());
            DebianBuild debian = new DebianBuild(s, build.id, build.recipe, init, sizeMb, build);
            build.started(debian);
            long bytes = debian.build(target);
            build.phase(BuildPhase.STORE);
            store.adopt(build.name, target);
            build.line(String.format("built in %.1f s: %d MiB image", (System.nanoTime() - t0) / 1e9, bytes >> 20));
            build.end(BuildState.COMPLETED, "");
            LOG.info("Built image {} in {} s: {} bytes", build.name, String.format("%.1f", (System.nanoTime() - t0) / 1e9), bytes);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException gone) {
                LOG.warn("Cannot remove {}: {}", target, gone.getMessage());
            }
            String why = e instanceof PlatformException ? e.getMessage() : e.toString();
            LOG.warn("Image build {} failed: {}", build.id, why);
            build.end(BuildState.FAILED, why);
        }
    }

    /** Whether the file at {@code entry} is an image of that recipe (and of that size, when one was asked for). */
    private static boolean madeFrom(Path entry, BuildRecipe recipe, int sizeMb) {
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try {
            return Ext4Superblock.read(entry).map(sb -> sb.uuid().equals(recipe.uuid())).orElse(false)
                    && (sizeMb == 0 || Files.size(entry) == ((long) sizeMb << 20));
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private Optional<ImageInfo> sameRecipe(BuildRecipe recipe, int sizeMb) {
        return store.list().stream().filter(i -> i.kind() == ImageKind.FILE)
                .filter(i -> madeFrom(Path.of(i.directory()).resolve(i.name()), recipe, sizeMb)).findFirst();
    }

    /** Image {@code source} also under {@code name}: a hard link (no copy; VMs only read their base), else a sparse copy. */
    private void link(ImageInfo source, String name, String id) {
        Path from = Path.of(source.directory()).resolve(source.name());
        Path temp = from.resolveSibling(ImageStore.BUILD_PREFIX + id + ImageStore.TEMP_SUFFIX);
        try {
            Path real = from.toRealPath();
            try {
                Files.createLink(temp, real);
            } catch (IOException | UnsupportedOperationException noLinks) {
                Process cp = new ProcessBuilder("cp", "--sparse=always", real.toString(), temp.toString())
                        .redirectErrorStream(true).start();
                if (cp.waitFor() != 0) {
                    throw new IOException(new String(cp.getInputStream().readAllBytes()).strip());
                }
            }
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot reuse image " + source.name() + " as " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(ErrorCode.FAILED, "interrupted while reusing image " + source.name(), e);
        }
        store.adopt(name, temp);
    }

    private static void checkCanBuild(DebianBuild.Settings s) {
        if (!Files.isExecutable(s.mmdebstrap())) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, s.mmdebstrap() + " not found: image builds need Debian's "
                    + "mmdebstrap (scripts/setup.sh installs it)");
        }
        if (!Files.isExecutable(s.mke2fs())) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, s.mke2fs() + " not found: image builds need e2fsprogs' mke2fs");
        }
        Object uid;
        try {
            uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            uid = "unknown";
        }
        if (!Integer.valueOf(0).equals(uid)) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "image builds run mmdebstrap as root (its unshare mode, for a "
                    + "mount namespace of their own); this runtime runs as uid " + uid);
        }
    }

    private void forgetOld() {
        List<String> ended = new ArrayList<>();
        builds.forEach((n, b) -> {
            if (b.ended()) {
                ended.add(n);
            }
        });
        for (int i = 0; i < ended.size() - KEEP_ENDED; i++) {
            builds.remove(ended.get(i));
        }
    }
}
