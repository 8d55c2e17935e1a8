package org.mobitopolo.api.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** Runs experiment files, one at a time, in the background; each repetition's progress is posted on {@link #TOPIC}. */
@ProviderType
public interface ExperimentRunner {
    /** Properties {@code id}, {@code experiment}, {@code cell}, {@code repetition}, {@code done}, {@code total}, {@code line}. */
    String TOPIC = "org/mobitopolo/experiment/PROGRESS";

    /**
     * Checks the experiment file and starts it.
     *
     * @param file the experiment file; the topology file it names is read beside it
     * @param repetitions how many times each cell runs, or 0 for the file's own count
     * @throws org.mobitopolo.api.platform.PlatformException {@code BAD_REQUEST} listing every problem of the
     *     file, {@code CONFLICT} while another experiment runs
     */
    ExperimentStatus start(Path file, int repetitions);

    /**
     * Checks an experiment file sent as text and starts it.
     *
     * @param experiment the experiment file's text
     * @param topologies the topology files it may name, by their names
     * @param repetitions how many times each cell runs, or 0 for the file's own count
     * @throws org.mobitopolo.api.platform.PlatformException as {@link #start(Path, int)}
     */
    ExperimentStatus start(String experiment, Map<String, String> topologies, int repetitions);

    Optional<ExperimentStatus> get(String id);

    /** Every experiment run since this runtime started, the newest last. */
    List<ExperimentStatus> list();

    /** Completes once the run has ended. */
    Optional<CompletionStage<ExperimentStatus>> ended(String id);

    /** Stops the run after the step it is at; what it measured is written, the topology destroyed. */
    ExperimentStatus cancel(String id);
}
