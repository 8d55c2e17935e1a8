package org.mobitopolo.api.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.mobitopolo.api.host.HypervisorSupport;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs VMs of one kind (User-Mode Linux, QEMU). Implemented by a plugin per kind; the platform
 * finds them by their {@value #TYPE} service property. Failures are
 * {@link org.mobitopolo.api.platform.PlatformException}s whose message is meant for the user.
 */
@ConsumerType
public interface Hypervisor {
    /** Service property naming the kind, e.g. {@code uml}. */
    String TYPE = "hypervisor.type";

    /**
     * OSGi event topic posted (asynchronously) whenever a VM's state changes, by whichever plugin runs
     * it. Properties: {@code vm} (its name), {@code hypervisor} (the kind), {@code state} and
     * {@code previous} ({@link VmState} names), {@code detail} (why, e.g. a failure; may be empty).
     */
    String STATE_TOPIC = "org/mobitopolo/vm/STATE";

    /**
     * OSGi event topic posted when a VM joins this host's list: defined, or arriving by a move (not for
     * the VMs a plugin finds again as it starts). Properties: {@code vm}, {@code hypervisor}, {@code state}.
     */
    String ADDED_TOPIC = "org/mobitopolo/vm/ADDED";

    /** OSGi event topic posted when a VM leaves this host's list (destroyed, or moved away). Properties: {@code vm}, {@code hypervisor}. */
    String REMOVED_TOPIC = "org/mobitopolo/vm/REMOVED";

    /** Prefix of {@link VmSpec#image()} that makes a VM from a snapshot, e.g. {@code snapshot:web-ready}. */
    String SNAPSHOT_IMAGE = "snapshot:";

    /** The kind this hypervisor runs, the value of its {@value #TYPE} property. */
    String type();

    /**
     * Whether VMs of this kind can start here, and with what: decided by a real probe when the
     * plugin starts (waited for if it still runs), not by a file's presence. While it says no,
     * {@link #start} fails at once with its reason ({@code UNAVAILABLE}).
     */
    HypervisorSupport support();

    /**
     * Defines a VM without starting it. Its disk is a copy-on-write layer over {@code spec.image()}:
     * the hypervisor's default guest when empty, a user's image, or a snapshot
     * ({@value #SNAPSHOT_IMAGE}name). Fails with {@code CONFLICT} when the name is taken.
     */
    VmInfo define(VmSpec spec);

    /** Starts a defined VM; completes once the guest reports it is ready, or fails with its last console lines. */
    CompletionStage<VmInfo> start(String name);

    /** Halts the guest cleanly; completes once its process has exited. */
    CompletionStage<VmInfo> stop(String name);

    /** Kills the VM's process at once, as pulling the plug would. */
    VmInfo kill(String name);

    /** Freezes the guest: its CPUs stop, its memory and connections stay. */
    VmInfo freeze(String name);

    /** Resumes a frozen guest. */
    VmInfo resume(String name);

    /**
     * Adds a NIC after the VM's others. A running guest sees a new device appear, down, for it to
     * configure.
     */
    VmInfo addNic(String vm, NicSpec nic);

    /**
     * Re-points the NIC at {@code index} to other UDP endpoints (or another network). On a running
     * guest the device is replaced; hypervisors may refuse while the guest has it up
     * ({@code CONFLICT}).
     */
    VmInfo replaceNic(String vm, int index, NicSpec nic);

    /** Kills the VM if it runs and forgets it, removing its private files. */
    void destroy(String name);

    /** The VM with this name, if this hypervisor has it. */
    Optional<VmInfo> find(String name);

    /** Every VM of this hypervisor, ordered by name. */
    List<VmInfo> list();

    /** The last lines the guest wrote on its console, oldest first. */
    List<String> console(String name, int lines);

    /** Types a line on the guest's console, as a user at its keyboard would. */
    void type(String name, String line);

    /**
     * Runs {@code argv} (no shell: the first word is the program) in the running guest through its
     * agent, on a line of its own (not the console a user types into, so a measurement neither
     * depends on a shell prompt nor mixes with what the guest prints), and waits for it to end, at
     * most {@code timeout}: the guest kills it then.
     *
     * @throws PlatformException {@code NOT_FOUND} for no such VM, {@code CONFLICT} when it is not
     *     running, {@code UNAVAILABLE} when its guest has no agent or the answer did not come
     */
    default ExecResult exec(String name, List<String> argv, Duration timeout) {
        throw new PlatformException(ErrorCode.UNAVAILABLE,
                "the " + type() + " hypervisor's guests have no agent to run commands");
    }

    /**
     * Takes a snapshot of a VM: a running guest is frozen while its disk layer is copied, then
     * resumed. Fails with {@code CONFLICT} when the snapshot name is taken.
     */
    SnapshotInfo snapshot(String vm, String snapshot);

    /** Every snapshot this hypervisor holds, ordered by name. */
    List<SnapshotInfo> snapshots();

    /** Deletes a snapshot; VMs made from it keep working. */
    void deleteSnapshot(String snapshot);

    /**
     * Every file another host needs to make VMs from a snapshot, to fetch them: the snapshot's own files
     * and its base image ({@value SnapshotFile#BASE}), with their checksums. The checksums are computed
     * on the first call and kept, as the files never change. Fails with {@code NOT_FOUND} when there is
     * no such snapshot, {@code CONFLICT} when its base image is gone.
     */
    List<SnapshotFile> snapshotFiles(String snapshot);

    /**
     * Where a file of {@link #snapshotFiles} lies here, to be read; fails with {@code NOT_FOUND} for a
     * name that listing does not hold.
     */
    Path snapshotFile(String snapshot, String file);

    /**
     * Makes a snapshot of files fetched from another host: {@code fetched} holds the snapshot's own
     * files (all of {@link #snapshotFiles} but the base), which move into this hypervisor's store,
     * and {@code base} the copy of its base image here, which stays where it is and is the base of the
     * snapshot's VMs from now on. The snapshot appears whole or not at all. Fails with
     * {@code CONFLICT} when the name is taken, {@code BAD_REQUEST} when the files are not a snapshot
     * of this kind.
     */
    SnapshotInfo importSnapshot(String snapshot, Path fetched, Path base);
}
