package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

/**
 * A step of a run, as the journal keeps it.
 *
 * @param wave its wave ({@link Step#wave()})
 * @param key what it is about ({@link Step#key()})
 * @param host the host it runs on
 * @param kind what it does
 * @param detail one line for the user ({@link Step#detail()})
 * @param state where it stands
 * @param millis how long it took (or has taken so far); {@code 0} before it started
 * @param error why it failed; empty otherwise
 */
public record StepRun(int wave, String key, String host, StepKind kind, String detail, StepState state, long millis,
        String error) {
    /** Checks that no part is missing. */
    public StepRun {
        requireNonNull(key, "key");
        requireNonNull(host, "host");
        requireNonNull(kind, "kind");
        requireNonNull(detail, "detail");
        requireNonNull(state, "state");
        error = error == null ? "" : error;
    }
}
