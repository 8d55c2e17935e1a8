package org.mobitopolo.api.vm;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs VMs of one kind (User-Mode Linux, QEMU). Implemented by a plugin per kind; the platform
 * finds them by their {@value #TYPE} service property.
 */
@ConsumerType
public interface Hypervisor {
    /** Service property naming the kind, e.g. {@code uml}. */
    String TYPE = "hypervisor.type";

    /** The kind this hypervisor runs, the value of its {@value #TYPE} property. */
    String type();

    /** Defines a VM without starting it. Fails with {@code CONFLICT} when the name is taken. */
    VmInfo define(VmSpec spec);

    /** Starts a defined VM; completes once the guest reports it is ready. */
    CompletionStage<VmInfo> start(String name);

    /** Halts the guest cleanly; completes once its process has exited. */
    CompletionStage<VmInfo> stop(String name);

    /** Freezes the guest: its CPUs stop, its memory and connections stay. */
    VmInfo freeze(String name);

    /** Resumes a frozen guest. */
    VmInfo resume(String name);

    /** Kills the VM if it runs and forgets it, removing its private files. */
    void destroy(String name);

    /** The VM with this name, if this hypervisor has it. */
    Optional<VmInfo> find(String name);

    /** Every VM of this hypervisor, ordered by name. */
    List<VmInfo> list();
}
