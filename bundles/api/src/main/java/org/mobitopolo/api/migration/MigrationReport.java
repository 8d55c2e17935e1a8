package org.mobitopolo.api.migration;

import java.util.List;

/**
 * How a finished migration went.
 *
 * @param migrationId the migration's id
 * @param vm the VM moved
 * @param live {@code true} for a live move, {@code false} when the VM was restarted on the target
 * @param totalMillis time from start to the VM running on the target
 * @param downtimeMillis time the VM was not running anywhere
 * @param rounds pre-copy rounds
 * @param bytes bytes sent
 * @param rebinding what the target's rebinding strategy did, a line per NIC
 */
public record MigrationReport(String migrationId, String vm, boolean live, long totalMillis,
        long downtimeMillis, int rounds, long bytes, List<String> rebinding) {
    public MigrationReport {
        rebinding = List.copyOf(rebinding);
    }
}
