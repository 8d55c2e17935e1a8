package org.mobitopolo.api.migration;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Moves a running VM to another host. Implemented by a migration plugin. Whatever happens, a
 * failed or cancelled migration leaves the VM running on its source host.
 */
@ConsumerType
public interface MigrationEngine {
    /**
     * Starts moving a VM; progress arrives on {@code progress} after every round, and the stage
     * completes with the report once the VM runs on the target.
     */
    CompletionStage<MigrationReport> migrate(MigrationRequest request, Consumer<MigrationProgress> progress);

    /** Cancels a migration in flight; returns {@code false} when no such migration runs. */
    boolean cancel(String migrationId);

    /** The migrations started on this host since it started, oldest first. */
    List<MigrationInfo> migrations();
}
