package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One deploy, destroy or distributed snapshot of a topology, and how far it got.
 *
 * @param id its id, unique in the store
 * @param topology the topology's name
 * @param action what it does
 * @param state where it stands
 * @param summary its plan in one line ({@link Plan#summary()})
 * @param steps its plan's steps, in order, each with its state
 * @param startedMillis when it started, in milliseconds since the epoch
 * @param finishedMillis when it ended; {@code 0} while it goes on
 * @param error why it failed, naming the failed step; empty otherwise
 */
public record TopologyRun(String id, String topology, Action action, RunState state, String summary, List<StepRun> steps,
        long startedMillis, long finishedMillis, String error) {
    /** What a run does. */
    public enum Action {
        /** Brings the hosts to the topology's file. */
        DEPLOY,
        /** Removes all of the topology. */
        DESTROY,
        /**
         * Takes a distributed snapshot ({@link TopologySnapshot}): every running node frozen, then every
         * node's snapshot taken, then every frozen node resumed.
         */
        SNAPSHOT,
        /** Moves one node to another of the topology's hosts ({@link TopologyController#move}). */
        MOVE
    }

    /** Checks that no part is missing and copies the list. */
    public TopologyRun {
        requireNonNull(id, "id");
        requireNonNull(topology, "topology");
        requireNonNull(action, "action");
        requireNonNull(state, "state");
        summary = summary == null ? "" : summary;
        steps = List.copyOf(steps);
        error = error == null ? "" : error;
    }
}
