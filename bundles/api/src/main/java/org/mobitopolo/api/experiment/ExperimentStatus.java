package org.mobitopolo.api.experiment;

import java.util.List;

/**
 * An experiment run as it stands.
 *
 * @param id the run's id
 * @param experiment the file's name
 * @param state {@code RUNNING}, {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
 * @param done repetitions done (measured or failed)
 * @param total repetitions in all: cells times repetitions
 * @param log one line per step and repetition so far, oldest first (at most the last 500)
 * @param logLines how many lines it has written in all (so that a follower prints each line once)
 * @param directory where the results are written: {@code results.csv}, {@code summary.csv}, {@code summary.txt},
 *     {@code plot.png}, {@code plot.svg}
 * @param summary the summary table (cells as rows, measurements as columns, mean ± sd), once written
 * @param error why it failed, or empty
 */
public record ExperimentStatus(String id, String experiment, String state, int done, int total, List<String> log,
        long logLines, String directory, String summary, String error) {
    public ExperimentStatus {
        log = List.copyOf(log);
    }
}
