package org.mobitopolo.api.topology;

import java.util.Collection;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads topology files and plans deployments. Pure: it reads nothing but its arguments and changes
 * nothing; the same arguments give the same result.
 */
@ProviderType
public interface TopologyPlanner {
    /**
     * Reads and checks a topology file (YAML, or JSON), and fills in the MACs it leaves out.
     *
     * @param text the file's content
     * @throws TopologyException listing every problem: malformed YAML, unknown fields, names that
     *     reference nothing, cycles, duplicates, values out of range
     */
    Topology read(String text);

    /**
     * Plans bringing the hosts from what exists to what the topology declares: places the nodes
     * without a host (by free memory and usable hypervisor; a node placed before stays where it is),
     * then the steps that make the difference. Nothing to do: {@link Plan#noChanges()}.
     *
     * @param desired the topology, as {@link #read} returned it
     * @param current what exists of it ({@link Deployment#NONE} before the first deploy)
     * @param capacity what each host the controller could reach can take; a host without an entry is
     *     unreachable, and placing a node there is a problem
     * @throws TopologyException when a node cannot be placed (no host has its hypervisor, its snapshot
     *     or enough memory) or is put on an unreachable host
     */
    Plan plan(Topology desired, Deployment current, Collection<HostCapacity> capacity);

    /**
     * Plans removing everything of a topology that exists: its VMs (dependents first, when the
     * topology last applied is known), then its tunnels and networks.
     *
     * @param current what exists of it
     * @param lastApplied the topology last applied, for the {@code depends-on} order; {@code null} when unknown
     */
    Plan destroy(Deployment current, Topology lastApplied);

    /**
     * Plans a distributed snapshot of what exists of a topology: every running VM frozen, then every
     * VM's snapshot ({@code snapshot-VM}) taken, then every frozen VM resumed; all VMs of a host at once
     * in each wave.
     *
     * @param current what exists of it
     * @param applied the topology last applied: only its nodes are snapshot
     * @param snapshot the distributed snapshot's name
     */
    Plan snapshot(Deployment current, Topology applied, String snapshot);
}
