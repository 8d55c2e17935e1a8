package org.mobitopolo.api.migration;

import java.util.Objects;

/**
 * The limits of one migration.
 *
 * @param bandwidthBytesPerSecond cap on the copy rate, {@code 0} for none
 * @param downtimeBudgetMillis how long the VM may be frozen for the final copy
 * @param maxRounds the most pre-copy rounds before the policy for no convergence applies
 * @param maxTimeMillis the longest the whole move may take before it is aborted
 * @param onNoConvergence what to do when the dirty set does not shrink under the budget
 */
public record MigrationPolicy(long bandwidthBytesPerSecond, long downtimeBudgetMillis, int maxRounds,
        long maxTimeMillis, NoConvergence onNoConvergence) {

    /** What to do when pre-copy does not converge. */
    public enum NoConvergence {
        /** Raise the downtime budget stepwise. */
        RAISE_DOWNTIME,
        /**
         * Throttle the guest's CPUs from the start, harder each round, whenever it dirties memory
         * faster than it is copied; past the maximum rounds, raise the downtime budget as well.
         */
        THROTTLE_GUEST,
        /** Give up; the VM keeps running on its source. */
        ABORT
    }

    public MigrationPolicy {
        if (bandwidthBytesPerSecond < 0 || downtimeBudgetMillis < 1 || maxRounds < 1 || maxTimeMillis < 1) {
            throw new IllegalArgumentException("bandwidth must be >= 0; downtime budget, rounds and time >= 1");
        }
        Objects.requireNonNull(onNoConvergence, "onNoConvergence");
    }
}
