package org.mobitopolo.api.vm;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Every VM of every active hypervisor in one place: where the REST endpoint and the console look
 * VMs and snapshots up by name. VM and snapshot names are unique across hypervisors.
 */
@ProviderType
public interface VmRegistry {
    /** The active hypervisor of a kind, e.g. {@code uml}; fails with {@code UNAVAILABLE} when none is. */
    Hypervisor hypervisor(String type);

    /**
     * How VMs of a kind move between hosts; fails with {@code UNAVAILABLE} when that kind cannot,
     * or its plugin is not active.
     */
    VmMigration migration(String type);

    /** The hypervisor that holds the named VM; fails with {@code NOT_FOUND} when none does. */
    Hypervisor hypervisorOf(String vm);

    /** The hypervisor that holds the named snapshot; fails with {@code NOT_FOUND} when none does. */
    Hypervisor hypervisorOfSnapshot(String snapshot);

    /**
     * Defines a VM on the hypervisor its spec names; fails with {@code CONFLICT} when any
     * hypervisor has a VM of that name.
     */
    VmInfo define(VmSpec spec);

    /** Every VM of every active hypervisor, ordered by name. */
    List<VmInfo> vms();

    /** Every snapshot of every active hypervisor, ordered by name. */
    List<SnapshotInfo> snapshots();
}
