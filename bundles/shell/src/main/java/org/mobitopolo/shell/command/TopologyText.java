package org.mobitopolo.shell.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.topology.Plan;
import org.mobitopolo.api.topology.RunState;
import org.mobitopolo.api.topology.Step;
import org.mobitopolo.api.topology.StepRun;
import org.mobitopolo.api.topology.StepState;
import org.mobitopolo.api.topology.TopologyController;
import org.mobitopolo.api.topology.TopologyRun;

/** What the topology commands share: reading a file, printing a plan, following a run. */
final class TopologyText {
    private static final long POLL_MILLIS = 200;

    private TopologyText() {}

    static TopologyController require(TopologyController controller) {
        return PlatformException.requirePlugin(controller, "topology controller", "mobitopolo-controller");
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PlatformException(ErrorCode.NOT_FOUND, "no file " + file);
        } catch (IOException e) {
            throw new PlatformException(ErrorCode.BAD_REQUEST, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void print(Plan plan) {
        System.out.println(plan.topology() + ": " + plan.summary());
        for (Step s : plan.steps()) {
            System.out.printf("  wave %d  %s%n", s.wave(), s.detail());
        }
    }

    /**
     * Prints each step as it starts and ends until the run is over, then its outcome; returns the
     * run as it ended. Without {@code wait}, prints what it is and returns at once.
     */
    static TopologyRun follow(TopologyController controller, TopologyRun started, boolean wait) throws InterruptedException {
        System.out.println(started.topology() + ": " + started.action().name().toLowerCase() + " run " + started.id() + ": "
                + started.summary());
        if (!wait || started.state() != RunState.RUNNING) {
            return started;
        }
        List<StepState> seen = new ArrayList<>();
        started.steps().forEach(s -> seen.add(StepState.PENDING));
        TopologyRun run = started;
        while (true) {
            run = controller.run(started.id()).orElse(run);
            for (int i = 0; i < run.steps().size(); i++) {
                StepRun s = run.steps().get(i);
                if (s.state() != seen.get(i) && s.state() != StepState.PENDING && s.state() != StepState.SKIPPED) {
                    seen.set(i, s.state());
                    System.out.println("  " + line(s));
                }
            }
            if (run.state() != RunState.RUNNING) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        if (run.state() == RunState.FAILED) {
            throw new PlatformException(ErrorCode.FAILED, run.topology() + ": " + run.error());
        }
        String done = switch (started.action()) {
            case DEPLOY -> "deployed";
            case DESTROY -> "destroyed";
            case SNAPSHOT -> "snapshot taken";
            case MOVE -> "moved";
        };
        System.out.printf("%s: %s in %.1f s%n", started.topology(), done, (run.finishedMillis() - run.startedMillis()) / 1e3);
        return run;
    }

    static String line(StepRun s) {
        String took = s.state() == StepState.RUNNING ? "" : String.format(" (%.1f s)", s.millis() / 1e3);
        return s.state().name().toLowerCase() + "  " + s.detail() + took + (s.error().isEmpty() ? "" : ": " + s.error());
    }
}
