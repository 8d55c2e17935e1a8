package org.mobitopolo.api.vm;

/** Where a VM is in its life. */
public enum VmState {
    /** Defined, never started or stopped cleanly. */
    STOPPED,
    /** Its process runs, the guest is not ready yet. */
    STARTING,
    /** The guest reported ready. */
    RUNNING,
    /** Its CPUs are stopped; memory and connections are kept. */
    FROZEN,
    /** Its process died without being asked to. */
    FAILED
}
