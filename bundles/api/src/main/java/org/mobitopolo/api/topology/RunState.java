package org.mobitopolo.api.topology;

/** Where a {@link TopologyRun} stands. */
public enum RunState {
    /** Its steps are running. */
    RUNNING,
    /** Every step is done. */
    COMPLETED,
    /** A step failed (or the runtime stopped in the middle); the steps after it did not run. */
    FAILED
}
