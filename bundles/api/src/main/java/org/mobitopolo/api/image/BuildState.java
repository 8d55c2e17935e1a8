package org.mobitopolo.api.image;

/** Where an image build stands. */
public enum BuildState {
    /** Waiting for an earlier build, or under way. */
    RUNNING,
    /** The image is in the library (built now, or the same packages' image reused). */
    COMPLETED,
    /** Ended without an image; nothing of it is left in the library. */
    FAILED
}
