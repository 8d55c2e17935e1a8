package org.mobitopolo.shell.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.mobitopolo.api.image.BuildPhase;
import org.mobitopolo.api.image.BuildState;
import org.mobitopolo.api.image.ImageBuildRequest;
import org.mobitopolo.api.image.ImageBuildStatus;
import org.mobitopolo.api.image.ImageBuilder;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:image-build}: an image from Debian packages, its progress printed until it is in the library. */
@Service
@Command(scope = "mobi", name = "image-build", description = "Builds a bootable image (UML and QEMU) from Debian packages into the "
        + "image library, or reuses one built from the same packages; prints its progress")
public class ImageBuildCommand implements Action {
    private static final long POLL_MILLIS = 250;

    @Reference(optional = true)
    ImageBuilder builder;

    @Argument(index = 0, name = "name", required = true, description = "the image's name in the library")
    String name;

    @Option(name = "-p", aliases = "--packages", multiValued = true,
            description = "Debian packages, comma-separated or repeated (e.g. squid,iperf3); their dependencies come along")
    List<String> packages;

    @Option(name = "-s", aliases = "--size", description = "the image's size in MiB (default: its files plus room to spare)")
    int sizeMb;

    @Option(name = "--no-wait", description = "return once the build has started (GET /api/v1/images/NAME/build follows it)")
    boolean noWait;

    /** Karaf takes options only before the arguments: these are the ones written after the name. */
    @Argument(index = 1, name = "options", multiValued = true, description = "the options may also follow the name: "
            + "NAME --packages squid,iperf3 --size 512")
    List<String> trailing;

    @Override
    public Object execute() throws Exception {
        ImageBuilder b = PlatformException.requirePlugin(builder, "image builder", "mobitopolo-images");
        List<String> asked = new ArrayList<>(packages == null ? List.of() : packages);
        takeTrailing(asked);
        List<String> names = new ArrayList<>();
        for (String p : asked) {
            for (String n : p.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.strip());
                }
            }
        }
        PrintStream out = System.out;
        ImageBuildStatus started = b.build(new ImageBuildRequest(name, names, sizeMb));
        if (started.state() != BuildState.RUNNING) {
            return end(started, out);
        }
        out.println(name + ": building from " + String.join(",", started.packages()) + " (Debian " + started.suite() + ")");
        if (noWait) {
            return null;
        }
        CompletableFuture<ImageBuildStatus> done = b.completion(name).toCompletableFuture();
        long printed = 0;
        BuildPhase phase = null;
        ImageBuildStatus last = started;
        while (true) {
            last = b.status(name).orElse(last);
            if (last.phase() != phase && last.phase() != BuildPhase.DONE) {
                phase = last.phase();
                // queued for an instant before the builder's thread takes it: worth a line only behind another build
                if (phase != BuildPhase.QUEUED || b.builds().stream().anyMatch(o -> o.state() == BuildState.RUNNING
                        && o.phase() != BuildPhase.QUEUED && !o.name().equals(name))) {
                    out.println(name + ": " + describe(phase));
                }
            }
            // the lines not printed yet that the status still holds
            long first = last.logLines() - last.log().size();
            for (long i = Math.max(printed, first); i < last.logLines(); i++) {
                out.println("  " + last.log().get((int) (i - first)));
            }
            printed = last.logLines();
            if (last.state() != BuildState.RUNNING) {
                return end(last, out);
            }
            try {
                done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // print what came meanwhile
            } catch (InterruptedException e) {
                out.println(name + ": still building; mobi:image-list shows it once done, GET /api/v1/images/" + name + "/build follows it");
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private void takeTrailing(List<String> asked) {
        List<String> rest = trailing == null ? List.of() : trailing;
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            boolean hasValue = i + 1 < rest.size();
            switch (option) {
                case "-p", "--packages" -> {
                    if (hasValue) {
                        asked.add(rest.get(++i));
                    }
                }
                case "-s", "--size" -> {
                    if (hasValue) {
                        try {
                            sizeMb = Integer.parseInt(rest.get(++i));
                        } catch (NumberFormatException e) {
                            throw new PlatformException(ErrorCode.BAD_REQUEST, "--size is a number of MiB, got " + rest.get(i));
                        }
                    }
                }
                case "--no-wait" -> noWait = true;
                default -> throw new PlatformException(ErrorCode.BAD_REQUEST, "unknown option or extra argument \"" + option
                        + "\"; usage: mobi:image-build NAME --packages squid,iperf3 [--size MiB] [--no-wait]");
            }
        }
        if (asked.isEmpty()) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "name the packages: mobi:image-build NAME --packages squid,iperf3");
        }
    }

    private Object end(ImageBuildStatus s, PrintStream out) {
        if (s.state() == BuildState.FAILED) {
            throw new PlatformException(ErrorCode.FAILED, name + ": build failed: " + s.error());
        }
        if (s.cached()) {
            out.println(name + ": " + (s.cachedFrom().equals(name) ? "already built from the same packages"
                    : "reused image " + s.cachedFrom() + ", built from the same packages") + " (" + Units.bytes(s.imageBytes()) + ")");
        } else {
            out.printf("%s: built in %.1f s: %s image, %s of files, %s downloaded%n", name, (s.endedMillis() - s.startedMillis()) / 1000.0,
                    Units.bytes(s.imageBytes()), Units.bytes(s.bytes()), Units.bytes(s.downloadedBytes()));
        }
        return null;
    }

    private static String describe(BuildPhase phase) {
        return switch (phase) {
            case QUEUED -> "waiting for the build before it";
            case BOOTSTRAP -> "installing the packages (mmdebstrap)";
            case CONVENTIONS -> "adding Mobitopolo's /init and the image's metadata";
            case FILESYSTEM -> "making the ext4 image (mke2fs -d)";
            case STORE -> "moving it into the image library";
            case DONE -> "done";
        };
    }
}
