package org.mobitopolo.shell.command;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.mobitopolo.api.experiment.ExperimentRunner;
import org.mobitopolo.api.experiment.ExperimentStatus;
import org.mobitopolo.api.platform.PlatformException;

/** {@code mobi:experiment-run}: runs an experiment file, a line per step and repetition, then the summary table. */
@Service
@Command(scope = "mobi", name = "experiment-run", description = "Runs an experiment file: its topology prepared and cut once, "
        + "every cell deployed from the cut N times and measured in the guests; prints a line per repetition, then the "
        + "summary (mean ± sd per cell), and writes results.csv, summary.csv, plot.png and plot.svg")
public class ExperimentRunCommand implements Action {
    @Reference(optional = true)
    ExperimentRunner runner;

    @Argument(index = 0, name = "file", required = true, description = "the experiment file (YAML), its topology file beside it")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--repetitions", description = "how many times each cell runs, instead of the file's count")
    int repetitions;

    @Option(name = "--no-wait", description = "return once it has started")
    boolean noWait;

    @Override
    public Object execute() throws Exception {
        ExperimentRunner r = PlatformException.requirePlugin(runner, "experiment runner", "mobitopolo-experiment");
        ExperimentStatus s = r.start(Path.of(file), repetitions);
        System.out.println(s.id() + ": " + s.total() + " repetitions; results in " + s.directory());
        if (noWait) {
            return null;
        }
        CompletableFuture<ExperimentStatus> ended = r.ended(s.id()).orElseThrow().toCompletableFuture();
        long printed = 0;
        while (true) {
            ExperimentStatus now = ended.isDone() ? ended.get() : r.get(s.id()).orElseThrow();
            int fresh = (int) Math.min(now.logLines() - printed, now.log().size());
            now.log().subList(now.log().size() - fresh, now.log().size()).forEach(System.out::println);
            printed = now.logLines();
            if (ended.isDone()) {
                System.out.print(now.summary());
                if (!now.error().isEmpty()) {
                    System.out.println(now.state().toLowerCase() + ": " + now.error());
                }
                return null;
            }
            try {
                ended.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // another look at the log
            }
        }
    }
}
