package org.mobitopolo.api.vm;

/**
 * A named snapshot of a VM's disk and definition, from which new VMs are made.
 *
 * @param name the snapshot's unique name
 * @param vm the VM it was taken from
 * @param hypervisor the kind of VM it restores to
 * @param createdAtMillis when it was taken, epoch milliseconds
 * @param sizeBytes the space it takes on disk
 * @param spec the definition of the VM when it was taken
 */
public record SnapshotInfo(String name, String vm, String hypervisor, long createdAtMillis, long sizeBytes,
        VmSpec spec) {}
