package org.mobitopolo.api.migration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.mobitopolo.api.vm.IncomingVm;
import org.mobitopolo.api.vm.VmSpec;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Moves a running VM to another host. Implemented by a migration plugin, which also serves the
 * target's half when another host moves a VM here. Whatever happens, a failed or cancelled migration
 * leaves the VM running on its source host.
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

    /**
     * Target's half: defines the VM here (same spec, new switch ports, an empty disk of
     * {@code diskBytes}) and starts it waiting for its state from {@code host}.
     */
    IncomingVm receive(VmSpec spec, long diskBytes, String host);

    /**
     * Target's half: the source has sent everything; runs the VM here (a live-moved default guest
     * that landed on another subnet is told to renew its DHCP lease), then has the named rebinding
     * strategies ({@link MigrationRequest#rebind}) make each of its NICs reachable here.
     * A missing strategy does not fail the move, which cannot be undone by now: the arrival says so.
     */
    Arrival complete(String vm, String rebind, Map<String, NicOrigin> origins);

    /** {@link #complete(String, String, Map)} knowing nothing of where the NICs were. */
    default Arrival complete(String vm, String rebind) {
        return complete(vm, rebind, Map.of());
    }

    /** Target's half: abandons an incoming VM that has not taken over: kills and forgets it. */
    void drop(String vm);
}
