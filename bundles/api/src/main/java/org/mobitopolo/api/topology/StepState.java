package org.mobitopolo.api.topology;

/** Where one step of a {@link TopologyRun} stands. */
public enum StepState {
    /** Not started. */
    PENDING,
    /** Its host is doing it. */
    RUNNING,
    /** Done; its effect is in the journal. */
    DONE,
    /** It failed; {@link StepRun#error()} says why. */
    FAILED,
    /** Not run, because a step before it failed. */
    SKIPPED
}
