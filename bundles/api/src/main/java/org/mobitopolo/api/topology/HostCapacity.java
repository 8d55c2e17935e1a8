package org.mobitopolo.api.topology;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * What a host can take now, as the controller read it from the host before planning (its
 * {@code GET /api/v1/host} and {@code GET /api/v1/snapshots}). A host the controller could not reach
 * has none, and the planner refuses to put anything on it.
 *
 * @param host the topology's name for the host
 * @param freeMemoryMb memory available for new VMs, in MiB (VMs already running there are not in it)
 * @param cores processors: the executor runs at most this many of a wave's steps on the host at once
 * @param hypervisors the kinds that can run VMs there ({@code uml}, {@code qemu})
 * @param snapshots the snapshots the host keeps, which {@code snapshot:NAME} images may name
 */
public record HostCapacity(String host, long freeMemoryMb, int cores, Set<String> hypervisors, Set<String> snapshots) {
    /** Checks that no part is missing and copies the sets. */
    public HostCapacity {
        requireNonNull(host, "host");
        hypervisors = Set.copyOf(hypervisors);
        snapshots = snapshots == null ? Set.of() : Set.copyOf(snapshots);
    }
}
