package org.mobitopolo.api.migration;

/**
 * Where a migration stands, reported after every round.
 *
 * @param migrationId the migration's id
 * @param phase its phase
 * @param round the pre-copy round, from 1
 * @param bytesSent bytes sent so far
 * @param dirtyBytesPerSecond how fast the guest dirties memory and disk now
 * @param expectedDowntimeMillis the downtime if the final copy started now
 */
public record MigrationProgress(String migrationId, Phase phase, int round, long bytesSent,
        long dirtyBytesPerSecond, long expectedDowntimeMillis) {

    /** The phases of a migration, in order; the last three are final. */
    public enum Phase { PREPARING, PRECOPY, STOP_AND_COPY, SWITCHOVER, COMPLETED, FAILED, CANCELLED }
}
