package org.mobitopolo.images.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.mobitopolo.api.image.BuildPhase;
import org.mobitopolo.api.image.BuildState;
import org.mobitopolo.api.image.ImageBuildStatus;

/** One build's state, changed by its thread and read by everyone: its status, last lines and end. */
final class TrackedBuild implements DebianBuild.Progress {
    final String id;
    final String name;
    final BuildRecipe recipe;
    final long startedMillis = System.currentTimeMillis();
    final CompletableFuture<ImageBuildStatus> done = new CompletableFuture<>();
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private long logLines;
    private BuildState state = BuildState.RUNNING;
    private BuildPhase phase = BuildPhase.QUEUED;
    private long bytes;
    private long downloadedBytes;
    private long imageBytes;
    private boolean cached;
    private String cachedFrom = "";
    private String error = "";
    private long endedMillis;
    private DebianBuild running;

    private final BiConsumer<ImageBuildStatus, String> events;

    /** @param events told each change, with the newest line (or null) */
    TrackedBuild(String id, String name, BuildRecipe recipe, BiConsumer<ImageBuildStatus, String> events) {
        this.id = id;
        this.name = name;
        this.recipe = recipe;
        this.events = events;
    }

    synchronized ImageBuildStatus status() {
        return new ImageBuildStatus(id, name, recipe.suite(), recipe.packages(), recipe.key(), state, phase,
                List.copyOf(log), logLines, bytes, downloadedBytes, imageBytes, cached, cachedFrom, error,
                startedMillis, endedMillis);
    }

    synchronized boolean ended() {
        return state != BuildState.RUNNING;
    }

    /** Completed at once from an image of the same recipe, {@code size} bytes. */
    void reused(String image, long size) {
        synchronized (this) {
            cached = true;
            cachedFrom = image;
            imageBytes = size;
            addLine(image.equals(name) ? "the library has this image from the same packages already"
                    : "reused image " + image + ", built from the same packages");
        }
        end(BuildState.COMPLETED, "");
    }

    synchronized void started(DebianBuild build) {
        running = build;
    }

    void cancel(String why) {
        DebianBuild b;
        synchronized (this) {
            b = running;
            if (b == null) {
                addLine(why);
            }
        }
        if (b != null) {
            b.cancel();
        } else {
            end(BuildState.FAILED, why);
        }
    }

    @Override
    public void phase(BuildPhase p) {
        synchronized (this) {
            phase = p;
        }
        events.accept(status(), null);
    }

    @Override
    public void line(String line) {
        synchronized (this) {
            addLine(line);
        }
        events.accept(status(), line);
    }

    @Override
    public void sizes(long tree, long downloaded, long image) {
        synchronized (this) {
            bytes = tree;
            downloadedBytes = downloaded;
            imageBytes = image;
        }
    }

    private void addLine(String line) {
        log.addLast(line);
        logLines++;
        if (log.size() > ImageBuilds.LOG_LINES) {
            log.removeFirst();
        }
    }

    void end(BuildState s, String why) {
        ImageBuildStatus last;
        synchronized (this) {
            if (state != BuildState.RUNNING) {
                return;
            }
            state = s;
            phase = BuildPhase.DONE;
            error = why;
            if (!why.isEmpty()) {
                addLine("failed: " + why);
            }
            endedMillis = System.currentTimeMillis();
            running = null;
            last = status();
        }
        events.accept(last, null);
        done.complete(last);
    }
}
